/** The escalation decision on its own: which model each attempt runs on and how the reply is marked. */
import { describe, expect, it } from 'vitest';
import { Escalation, type ErrorCode } from '@contract';
import type { RouteLabel, TurnResult } from '../agents/runtime/runtimeTypes';
import { runWithEscalation, type EscalationRun } from './escalation';

const ok: TurnResult = { status: 'done', userMessageId: 'u', messageId: 'm', error: null };
const failed = (code: ErrorCode): TurnResult => ({
  status: 'error',
  userMessageId: 'u',
  messageId: 'm',
  error: { code, message: code },
});

function harness(outcomes: Record<string, TurnResult[]>, fits = true) {
  const runs: { model: string; route: RouteLabel | undefined }[] = [];
  const used = { requests: 0, tokens: 0 };
  const d: EscalationRun = {
    run: async (model, route) => {
      runs.push({ model, route });
      return { result: outcomes[model]?.shift() ?? ok, tokens: 10 };
    },
    fitsLocally: async () => fits,
    usage: {
      today: () => ({ ...used }),
      add: (_agent, requests, tokens) => {
        used.requests += requests;
        used.tokens += tokens;
      },
    },
  };
  return { d, runs, used };
}

const escalation = Escalation.parse({ to: 'node:big/m', afterFailures: 2 });

describe('hybrid escalation', () => {
  it('stays local while the local model copes', async () => {
    const h = harness({});
    await runWithEscalation('a', 'small', undefined, escalation, false, h.d);
    expect(h.runs.map((r) => r.model)).toEqual(['small']);
  });

  it('escalates after N failed local attempts and says why', async () => {
    const h = harness({ small: [failed('bad_request'), failed('internal')] });
    const result = await runWithEscalation('a', 'small', undefined, escalation, false, h.d);
    expect(result.status).toBe('done');
    expect(h.runs.map((r) => r.model)).toEqual(['small', 'small', 'node:big/m']);
    expect(h.runs[2]!.route).toEqual({
      label: 'Escalated to m on big',
      reason: 'the local model failed 2 times (internal)',
    });
    expect(h.used).toEqual({ requests: 1, tokens: 10 });
  });

  it('never escalates on failure when afterFailures is 0', async () => {
    const h = harness({ small: [failed('internal')] });
    const result = await runWithEscalation('a', 'small', undefined, { ...escalation, afterFailures: 0 }, false, h.d);
    expect(result.status).toBe('error');
    expect(h.runs).toHaveLength(1);
  });

  it('goes straight to the bigger model when the conversation does not fit locally', async () => {
    const h = harness({}, false);
    await runWithEscalation('a', 'small', undefined, escalation, false, h.d);
    expect(h.runs.map((r) => r.model)).toEqual(['node:big/m']);
  });

  it('falls back to local with a notice when the bigger model is unreachable', async () => {
    const h = harness({ 'node:big/m': [failed('node_unavailable')] });
    await runWithEscalation('a', 'small', undefined, escalation, true, h.d);
    expect(h.runs.map((r) => r.model)).toEqual(['node:big/m', 'small']);
    expect(h.runs[1]!.route?.label).toBe('Stayed local');
  });

  it('stays local without an attempt when the bigger model is known to be down', async () => {
    const h = harness({});
    h.d.unavailable = (model) => (model === 'node:big/m' ? 'its health check failed' : null);
    await runWithEscalation('a', 'small', undefined, escalation, true, h.d);
    expect(h.runs.map((r) => r.model)).toEqual(['small']);
    expect(h.runs[0]!.route).toEqual({
      label: 'Stayed local',
      reason: 'm on big is unreachable (its health check failed)',
    });
    expect(h.used).toEqual({ requests: 0, tokens: 0 });
  });

  it('respects the token budget', async () => {
    const h = harness({});
    h.d.usage.add('a', 0, 500);
    await runWithEscalation(
      'a',
      'small',
      undefined,
      { ...escalation, budget: { requestsPerDay: 0, tokensPerDay: 500 } },
      true,
      h.d,
    );
    expect(h.runs.map((r) => r.model)).toEqual(['small']);
    expect(h.runs[0]!.route?.reason).toContain('budget');
  });

  it("escalates when a team's router judged the message beyond local skill, marked with the router's why", async () => {
    const h = harness({});
    await runWithEscalation('team', 'small', undefined, escalation, { why: 'the router said so' }, h.d);
    expect(h.runs).toEqual([
      { model: 'node:big/m', route: { label: 'Escalated to m on big', reason: 'the router said so' } },
    ]);
    expect(h.used).toEqual({ requests: 1, tokens: 10 });
  });
});
