/**
 * Runs on the real test model: "run now" → a turn in the job's conversation with its transcript, limits ending
 * `limit` with what was produced, the queue's gates (a foreground chat on the same model, concurrency) and
 * "ask" tools parked in the Inbox (approved, denied, expired). Replies are gibberish: structure is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickColour, testAgent } from '../chat/testing/chatHarness';
import { createJobsHarness, jobInput, type JobsHarness } from './testing/jobsHarness';

let h: JobsHarness;

beforeAll(async () => {
  h = await createJobsHarness();
  h.chat.agents.create(testAgent({ id: 'writer' }));
  // pick_colour asks before it runs; a forced first round always calls it (its argument is an enum).
  h.chat.agents.create(testAgent({ id: 'asker', tools: { [pickColour.name]: 'ask' } }));
}, 60_000);
afterAll(async () => {
  await h?.dispose();
});

describe('background runs', () => {
  it('"run now" runs a turn in the job conversation and keeps it in history with its transcript', async () => {
    const job = h.jobs.create(jobInput('writer'));
    const queued = h.jobs.runNow(job.id);
    expect(queued).toMatchObject({ status: 'waiting', trigger: 'manual', jobId: job.id });
    const run = await h.ended(queued.id);
    expect(run).toMatchObject({ status: 'succeeded', modelId: 'tiny-1', conversationId: job.conversationId });
    expect(run.completionTokens).toBeGreaterThan(0);
    expect(run.durationMs).not.toBeNull();
    // No output asked for: nothing saved, nothing named.
    expect(run).toMatchObject({ outputFile: null, outputNoteId: null, outputTaskId: null });
    const { transcript, outputs } = h.jobs.runDetail(run.id);
    expect(outputs).toEqual({ note: null, task: null });
    expect(transcript.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(transcript[0]?.content).toBe('Summarise the day.');
    expect(transcript[1]?.id).toBe(run.answerMessageId);
    expect(h.jobs.get(job.id).lastRun).toMatchObject({ id: run.id, status: 'succeeded' });
    // A second run is a second turn of the same conversation.
    const second = await h.ended(h.jobs.runNow(job.id).id);
    expect(h.jobs.runDetail(second.id).transcript[0]?.id).not.toBe(transcript[0]?.id);
    expect(h.chat.conversations.messages(job.conversationId)).toHaveLength(4);
    expect(h.jobs.listRuns({ jobId: job.id, query: 'morning', limit: 10 })).toHaveLength(2);
    expect(h.jobs.listRuns({ jobId: job.id, query: 'no such words', limit: 10 })).toHaveLength(0);
  }, 120_000);

  it('ends `limit` at the token limit, keeping what the run wrote', async () => {
    const job = h.jobs.create(
      jobInput('writer', {
        limits: { maxToolRounds: 4, maxTokens: 3, maxWallSeconds: 600, approvalExpiryMinutes: 60 },
      }),
    );
    const run = await h.ended(h.jobs.runNow(job.id).id);
    expect(run).toMatchObject({ status: 'limit', limitHit: 'tokens' });
    expect(run.completionTokens).toBeLessThanOrEqual(3);
    expect(h.jobs.runDetail(run.id).transcript.at(-1)?.role).toBe('assistant');
  }, 120_000);

  it('ends `limit` when its wall time runs out', async () => {
    const job = h.jobs.create(jobInput('asker', { requireTool: true }));
    const queued = h.jobs.runNow(job.id);
    // Parked on its approval, the run waits; then its time is up.
    await h.chat.sink.next('runs.changed', (r) => r.id === queued.id && r.status === 'waiting-for-approval');
    const timer = h.timers.find((t) => t.ms === 600_000);
    expect(timer).toBeDefined();
    timer!.fire();
    const run = await h.ended(queued.id);
    expect(run).toMatchObject({ status: 'limit', limitHit: 'wall-time' });
    expect(h.jobs.inbox()).toEqual([]);
  }, 120_000);

  it('ends `limit` when it used every tool round, with the text answer it then gave', async () => {
    h.chat.agents.create(testAgent({ id: 'picker', tools: { [pickColour.name]: 'allow' } }));
    const job = h.jobs.create(
      jobInput('picker', {
        requireTool: true,
        limits: { maxToolRounds: 1, maxTokens: 2048, maxWallSeconds: 600, approvalExpiryMinutes: 60 },
      }),
    );
    const run = await h.ended(h.jobs.runNow(job.id).id);
    expect(run).toMatchObject({ status: 'limit', limitHit: 'tool-rounds' });
    const roles = h.jobs.runDetail(run.id).transcript.map((m) => m.role);
    expect(roles).toEqual(['user', 'assistant', 'tool', 'assistant']);
  }, 120_000);

  it('parks an "ask" tool in the Inbox: approve resumes the run, deny ends it', async () => {
    const job = h.jobs.create(jobInput('asker', { requireTool: true }));
    const first = h.jobs.runNow(job.id);
    const [card] = await h.chat.sink.next('runs.inbox', (items) => items.some((i) => i.runId === first.id));
    expect(card).toMatchObject({ runId: first.id, jobId: job.id, tool: 'pick_colour', jobName: 'Morning summary' });
    expect(h.jobs.runDetail(first.id).run.status).toBe('waiting-for-approval');
    expect(h.jobs.respond(card!.callId, 'approve')).toBe(true);
    const approved = await h.ended(first.id);
    expect(['succeeded', 'limit']).toContain(approved.status);
    expect(h.jobs.runDetail(first.id).transcript.find((m) => m.role === 'tool')?.content).toContain('picked');

    const second = h.jobs.runNow(job.id);
    const [denyCard] = await h.chat.sink.next('runs.inbox', (items) => items.some((i) => i.runId === second.id));
    h.jobs.respond(denyCard!.callId, 'deny');
    expect(await h.ended(second.id)).toMatchObject({ status: 'cancelled', reason: expect.stringMatching(/denied/) });
    expect(h.jobs.respond(denyCard!.callId, 'approve')).toBe(false);
  }, 120_000);

  it('ends a run whose Inbox card nobody answered before it expired', async () => {
    h.approvalTimeoutMs = 300;
    try {
      const job = h.jobs.create(jobInput('asker', { requireTool: true }));
      const run = await h.ended(h.jobs.runNow(job.id).id);
      expect(run).toMatchObject({ status: 'failed', error: { code: 'approval_expired' } });
      expect(h.jobs.inbox()).toEqual([]);
    } finally {
      h.approvalTimeoutMs = null;
    }
  }, 120_000);

  it('waits while a foreground chat answers on the same model, then runs', async () => {
    // The chat turn holds tiny-1 while its "ask" card is open: a foreground turn that does not end on its own.
    const conversation = h.chat.conversations.create('asker');
    const started = h.chat.chat.send({ conversationId: conversation.id, text: 'Pick one', toolChoice: 'required' });
    const card = await h.chat.sink.next('chat.approval', (a) => a.turnId === started.turnId && a.open);
    const job = h.jobs.create(jobInput('writer'));
    const queued = h.jobs.runNow(job.id);
    const waiting = await h.chat.sink.next('runs.changed', (r) => r.id === queued.id && r.reason !== null);
    expect(waiting).toMatchObject({ status: 'waiting', reason: 'Waiting: a chat is answering on tiny-1' });
    expect(h.jobs.runDetail(queued.id).run.startedAt).toBeNull();
    h.chat.chat.respond(card.callId, 'deny');
    expect(await h.ended(queued.id)).toMatchObject({ status: 'succeeded' });
  }, 120_000);

  it('runs at most N at a time; the others wait, then run', async () => {
    h.settings = { ...h.settings, jobsMaxConcurrentRuns: 1 };
    const parked = h.jobs.create(jobInput('asker', { name: 'parked', requireTool: true }));
    const a = h.jobs.create(jobInput('writer', { name: 'a' }));
    const b = h.jobs.create(jobInput('writer', { name: 'b' }));
    const runA = h.jobs.runNow(a.id);
    const runB = h.jobs.runNow(b.id);
    expect(await h.chat.sink.next('runs.changed', (r) => r.id === runB.id && r.reason !== null)).toMatchObject({
      status: 'waiting',
      reason: 'Waiting: 1 background run is already running',
    });
    expect((await h.ended(runA.id)).status).toBe('succeeded');
    expect((await h.ended(runB.id)).status).toBe('succeeded');
    // A run parked on an approval gives its slot to the next one.
    const parkedRun = h.jobs.runNow(parked.id);
    await h.chat.sink.next('runs.changed', (r) => r.id === parkedRun.id && r.status === 'waiting-for-approval');
    expect((await h.ended(h.jobs.runNow(a.id).id)).status).toBe('succeeded');
    expect(h.jobs.cancel(parkedRun.id).id).toBe(parkedRun.id);
    expect(await h.ended(parkedRun.id)).toMatchObject({ status: 'cancelled' });
  }, 120_000);
});
