/**
 * Schedules on an injected clock: slots in the job's time zone across DST and month ends, missed slots while
 * closed (skip / run once), no slot run twice across a restart, and runs left unfinished marked interrupted.
 * The agent's model is not installed, so each run ends `failed` at once: these tests are about which runs exist.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testAgent } from '../chat/testing/chatHarness';
import { RunStore } from './runStore';
import { createJobsHarness, jobInput, type JobsHarness } from './testing/jobsHarness';

let h: JobsHarness;
const at = (text: string) => Date.parse(text);
const slots = (jobId: string) =>
  h.jobs
    .listRuns({ jobId, limit: 100 })
    .map((r) => r.slotKey)
    .reverse();

beforeEach(async () => {
  h = await createJobsHarness(at('2026-03-27T12:00:00Z'));
  h.chat.agents.create(testAgent({ id: 'offline', model: { preferred: 'not-installed' } }));
});
afterEach(async () => {
  await h.dispose();
});

describe('job schedules', () => {
  it('claims each slot once, at 9:00 in its own time zone across the spring DST change', async () => {
    const job = h.jobs.create(
      jobInput('offline', { trigger: { kind: 'schedule', cron: '0 9 * * *', timeZone: 'Europe/Paris' } }),
    );
    expect(job.nextRunAt).toBe(at('2026-03-28T08:00:00Z'));
    h.now = at('2026-03-28T07:59:59Z');
    h.jobs.tick();
    expect(slots(job.id)).toEqual([]);
    h.now = at('2026-03-28T08:00:20Z');
    h.jobs.tick();
    h.jobs.tick();
    expect(slots(job.id)).toEqual(['cron:2026-03-28T08:00:00.000Z']);
    // The clocks moved forward overnight: 9:00 in Paris is now 07:00 UTC.
    expect(h.jobs.get(job.id).nextRunAt).toBe(at('2026-03-29T07:00:00Z'));
    h.now = at('2026-03-29T07:00:05Z');
    h.jobs.tick();
    expect(slots(job.id)).toEqual(['cron:2026-03-28T08:00:00.000Z', 'cron:2026-03-29T07:00:00.000Z']);
    const [run] = h.jobs.listRuns({ jobId: job.id, limit: 1 });
    expect(run).toMatchObject({ trigger: 'schedule', jobName: 'Morning summary' });
    await h.ended(run!.id);
  });

  it('runs on the last day of each month', () => {
    h.now = at('2026-01-15T00:00:00Z');
    const job = h.jobs.create(
      jobInput('offline', { trigger: { kind: 'schedule', cron: '0 18 L * *', timeZone: 'UTC' } }),
    );
    for (const day of ['2026-01-30', '2026-01-31', '2026-02-27', '2026-02-28', '2026-03-30', '2026-03-31']) {
      h.now = at(`${day}T18:00:30Z`);
      h.jobs.tick();
    }
    expect(slots(job.id)).toEqual([
      'cron:2026-01-31T18:00:00.000Z',
      'cron:2026-02-28T18:00:00.000Z',
      'cron:2026-03-31T18:00:00.000Z',
    ]);
  });

  it('skips slots missed while closed, or runs once on start, by policy', async () => {
    const hourly = { kind: 'schedule', cron: '0 * * * *', timeZone: 'UTC' } as const;
    const skip = h.jobs.create(jobInput('offline', { name: 'skip', trigger: hourly, missedPolicy: 'skip' }));
    const once = h.jobs.create(jobInput('offline', { name: 'once', trigger: hourly, missedPolicy: 'run-once' }));
    // Closed at 12:00, started again at 17:20: five slots passed.
    h.now = at('2026-03-27T17:20:00Z');
    await h.restart();
    expect(slots(skip.id)).toEqual([]);
    expect(slots(once.id)).toEqual(['cron:2026-03-27T17:00:00.000Z']);
    expect(h.jobs.listRuns({ jobId: once.id, limit: 1 })[0]?.missedSlotAt).toBe(at('2026-03-27T17:00:00Z'));
    // The next slot is on time again for both.
    h.now = at('2026-03-27T18:00:10Z');
    h.jobs.tick();
    expect(slots(skip.id)).toEqual(['cron:2026-03-27T18:00:00.000Z']);
    expect(slots(once.id)).toEqual(['cron:2026-03-27T17:00:00.000Z', 'cron:2026-03-27T18:00:00.000Z']);
  });

  it('never runs a slot twice across restarts, even when the cursor was not saved', async () => {
    const job = h.jobs.create(
      jobInput('offline', { trigger: { kind: 'schedule', cron: '*/5 * * * *', timeZone: 'UTC' } }),
    );
    h.now = at('2026-03-27T12:05:01Z');
    h.jobs.tick();
    await h.restart();
    h.jobs.tick();
    expect(slots(job.id)).toEqual(['cron:2026-03-27T12:05:00.000Z']);
    // A crash before the cursor reached the disk: the slot's unique row still stops a second run.
    h.chat.t.db.prepare('UPDATE jobs SET schedule_cursor = ? WHERE id = ?').run(at('2026-03-27T12:00:00Z'), job.id);
    await h.restart();
    expect(slots(job.id)).toEqual(['cron:2026-03-27T12:05:00.000Z']);
  });

  it('runs a one-off time once, and app-start jobs on every start', async () => {
    const once = h.jobs.create(jobInput('offline', { trigger: { kind: 'once', at: at('2026-03-27T13:00:00Z') } }));
    const boot = h.jobs.create(jobInput('offline', { trigger: { kind: 'app-start' } }));
    expect(h.jobs.get(once.id).nextRunAt).toBe(at('2026-03-27T13:00:00Z'));
    h.now = at('2026-03-27T13:00:01Z');
    h.jobs.tick();
    await h.restart();
    await h.restart();
    expect(slots(once.id)).toEqual(['once:1774616400000']);
    expect(h.jobs.get(once.id).nextRunAt).toBeNull();
    expect(h.jobs.listRuns({ jobId: boot.id, limit: 10 }).map((r) => r.trigger)).toEqual(['app-start', 'app-start']);
  });

  it('marks runs the last process left unfinished as interrupted and never runs them again', async () => {
    const job = h.jobs.create(jobInput('offline'));
    const store = new RunStore({ db: h.chat.t.db, dbFile: h.chat.t.dbFile }, () => h.now);
    const left = store.insert({
      jobId: job.id,
      trigger: 'manual',
      slotKey: null,
      triggerPath: null,
      conversationId: job.conversationId,
    })!;
    store.markStarted(left.id, { modelId: 'tiny-1', userMessageId: 'm1', conversationId: job.conversationId });
    const queued = store.insert({
      jobId: job.id,
      trigger: 'manual',
      slotKey: null,
      triggerPath: null,
      conversationId: job.conversationId,
    })!;
    await h.restart();
    expect(h.jobs.runDetail(left.id).run).toMatchObject({
      status: 'interrupted',
      reason: expect.stringMatching(/not run again/),
    });
    expect(h.jobs.runDetail(queued.id).run).toMatchObject({ status: 'interrupted', startedAt: null });
    expect(h.chat.conversations.messages(job.conversationId)).toEqual([]);
  });

  it('refuses an unreadable cron expression and an unknown agent with typed errors', () => {
    expect(() =>
      h.jobs.create(jobInput('offline', { trigger: { kind: 'schedule', cron: 'every day', timeZone: 'UTC' } })),
    ).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => h.jobs.create(jobInput('nobody'))).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(
      h.jobs.preview({ kind: 'schedule', cron: '0 9 * * 1-5', timeZone: 'UTC' }, 5, at('2026-03-27T12:00:00Z')),
    ).toEqual([
      at('2026-03-30T09:00:00Z'),
      at('2026-03-31T09:00:00Z'),
      at('2026-04-01T09:00:00Z'),
      at('2026-04-02T09:00:00Z'),
      at('2026-04-03T09:00:00Z'),
    ]);
  });
});
