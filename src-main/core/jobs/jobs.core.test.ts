/** jobs.* and runs.* through createCore and dispatch, as a transport calls them: a job run now, then a restart. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Run } from '@contract';
import { testAgent } from '../chat/testing/chatHarness';
import { freePort } from '../api/testing/apiHarness';
import { startCoreHarness, type CoreHarness } from '../testing/coreHarness';

let h: CoreHarness;
const call = <T>(route: string, input: unknown) => h.call<T>(route, input);

beforeAll(async () => {
  h = await startCoreHarness({ models: [{ id: 'tiny-1', seed: 1, load: { contextSize: 1024 } }] });
  await call('agents.create', { definition: testAgent({ id: 'job-agent' }) });
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('jobs through the core', () => {
  it('creates a job, runs it now, shows the run with its transcript, and runs app-start jobs on the next start', async () => {
    const bad = await h.fail('jobs.create', {
      name: 'x',
      agentId: 'job-agent',
      instruction: 'Go',
      trigger: { kind: 'schedule', cron: '0 9 * * *', timeZone: 'Mars/Base' },
    });
    expect(bad).toMatchObject({ code: 'bad_request' });
    const job = await call<Job>('jobs.create', {
      name: 'Start-up digest',
      agentId: 'job-agent',
      instruction: 'Write a digest.',
      trigger: { kind: 'app-start' },
    });
    const queued = await call<Run>('jobs.runNow', { id: job.id });
    await expect
      .poll(async () => (await call<{ run: Run }>('runs.get', { id: queued.id })).run.status, {
        timeout: 90_000,
        interval: 200,
      })
      .toBe('succeeded');
    const detail = await call<{ run: Run; transcript: { role: string }[] }>('runs.get', { id: queued.id });
    expect(detail.transcript.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(await call<unknown[]>('runs.inbox', {})).toEqual([]);
    const preview = await call<{ runs: number[] }>('jobs.preview', {
      trigger: { kind: 'schedule', cron: '*/10 * * * *', timeZone: 'UTC' },
      from: Date.parse('2026-01-01T00:00:00Z'),
      count: 3,
    });
    expect(preview.runs).toEqual([600_000, 1_200_000, 1_800_000].map((ms) => Date.parse('2026-01-01T00:00:00Z') + ms));
    await h.restart();
    const runs = await call<Run[]>('runs.list', { jobId: job.id });
    expect(runs.map((r) => r.trigger)).toEqual(['app-start', 'manual']);
    const [listed] = await call<Job[]>('jobs.list', {});
    expect(listed).toMatchObject({ id: job.id, nextRunAt: null, lastRun: { id: runs[0]!.id } });
  }, 150_000);

  it('starts an API-triggered job on POST /v1/jobs/{id}/runs, with the API key and loopback rules', async () => {
    const port = await freePort();
    await call('settings.set', { apiPort: port });
    await call('api.setEnabled', { enabled: true });
    const { key } = await call<{ key: string }>('api.rotateKey', {});
    await expect
      .poll(async () => (await call<{ listening: boolean }>('api.status', {})).listening, { timeout: 10_000 })
      .toBe(true);
    const apiJob = await call<Job>('jobs.create', {
      name: 'Webhook',
      agentId: 'job-agent',
      instruction: 'React to the call.',
      trigger: { kind: 'api' },
    });
    const manualJob = await call<Job>('jobs.create', {
      name: 'Manual',
      agentId: 'job-agent',
      instruction: 'Go.',
      trigger: { kind: 'manual' },
    });
    const post = (id: string, headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/v1/jobs/${id}/runs`, { method: 'POST', headers });
    const auth = { authorization: `Bearer ${key}` };

    expect((await post(apiJob.id, {})).status).toBe(401);
    expect((await post(apiJob.id, { authorization: 'Bearer wrong-key' })).status).toBe(401);
    // fetch never sends a Host of our choosing: a raw request plays a DNS-rebinding page.
    const rebinding = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/v1/jobs/${apiJob.id}/runs`,
          headers: { ...auth, host: 'evil.example' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(rebinding).toBe(403);
    expect((await post('no-such-job', auth)).status).toBe(404);
    expect((await post(manualJob.id, auth)).status).toBe(409);
    const accepted = await post(apiJob.id, auth);
    expect(accepted.status).toBe(202);
    const body = (await accepted.json()) as { id: string; object: string; job_id: string };
    expect(body).toMatchObject({ object: 'job.run', job_id: apiJob.id });
    const runs = await call<Run[]>('runs.list', { jobId: apiJob.id });
    expect(runs.map((r) => [r.id, r.trigger])).toEqual([[body.id, 'api']]);
    await expect
      .poll(async () => (await call<{ run: Run }>('runs.get', { id: body.id })).run.status, {
        timeout: 90_000,
        interval: 200,
      })
      .toBe('succeeded');
    await call('jobs.setEnabled', { id: apiJob.id, enabled: false });
    expect((await post(apiJob.id, auth)).status).toBe(409);
  }, 150_000);
});
