/** The escalation decision on its own: which model each attempt runs on and how the reply is marked. */
import { describe, expect, it } from 'vitest';
import { Escalation, OutpostError, type ErrorCode } from '@contract';
import type { RouteLabel, TurnFallback, TurnResult } from '../agents/runtime/runtimeTypes';
import { runWithEscalation, type EscalationRun } from './escalation';

const ok: TurnResult = { status: 'done', userMessageId: 'u', messageId: 'm', error: null };
const failed = (code: ErrorCode): TurnResult => ({
  status: 'error',
  userMessageId: 'u',
  messageId: 'm',
  error: { code, message: code },
});

/** A model that throws this before its first token: the runtime asks the turn's fallback where to go on. */
type Throws = { throws: OutpostError };

function harness(outcomes: Record<string, (TurnResult | Throws)[]>, fits = true) {
  const runs: { model: string; route: RouteLabel | undefined }[] = [];
  const moves: TurnFallback[] = [];
  const used = { requests: 0, tokens: 0 };
  const d: EscalationRun = {
    run: async (model, route, fallback) => {
      runs.push({ model, route });
      const outcome = outcomes[model]?.shift() ?? ok;
      if (!('throws' in outcome)) return { result: outcome, tokens: 10 };
      const next = fallback?.(outcome.throws) ?? null;
      if (!next) return { result: failed(outcome.throws.code), tokens: 0 };
      moves.push(next);
      return { result: ok, tokens: 7 };
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
  return { d, runs, moves, used };
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

  it.each([
    new OutpostError('node_unavailable', 'big is unavailable: connection refused', { nodeId: 'big' }),
    new OutpostError('offline', 'Offline mode is on'),
    new OutpostError('unauthorized', 'big refused the key'),
  ])(
    'moves the same turn to local, marked why, when the bigger model is unreachable before any text ($code)',
    async (error) => {
      const h = harness({ 'node:big/m': [{ throws: error }] });
      const result = await runWithEscalation('a', 'small', undefined, escalation, true, h.d);
      expect(result.status).toBe('done');
      // One run: the runtime carried it on locally in the same reply, so no failed reply is left above.
      expect(h.runs.map((r) => r.model)).toEqual(['node:big/m']);
      expect(h.moves).toEqual([
        { modelId: 'small', route: { label: 'Stayed local', reason: `m on big is unreachable (${error.message})` } },
      ]);
      // Nothing reached the bigger model: the budget is untouched.
      expect(h.used).toEqual({ requests: 0, tokens: 0 });
    },
  );

  it("keeps the node's typed error and partial text when it died after text streamed (no second reply)", async () => {
    const midStream = new OutpostError('node_unavailable', 'big went away after part of the reply had streamed', {
      nodeId: 'big',
      streamed: true,
      partialText: 'Once upon',
    });
    const h = harness({ 'node:big/m': [{ throws: midStream }] });
    const result = await runWithEscalation('a', 'small', undefined, escalation, true, h.d);
    expect(result).toMatchObject({ status: 'error', error: { code: 'node_unavailable' } });
    expect(h.runs.map((r) => r.model)).toEqual(['node:big/m']);
    expect(h.moves).toEqual([]);
    expect(h.used.requests).toBe(1);
  });

  it('does not move a turn whose bigger model failed for another reason', async () => {
    const h = harness({ 'node:big/m': [{ throws: new OutpostError('bad_request', 'prompt too long') }] });
    const result = await runWithEscalation('a', 'small', undefined, escalation, true, h.d);
    expect(result).toMatchObject({ status: 'error', error: { code: 'bad_request' } });
    expect(h.moves).toEqual([]);
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
