/**
 * A background reply pauses when the user starts a chat on its model and continues from its text afterwards,
 * on a scripted generator (each call answers when the test says, or when it is aborted, like the worker).
 */
import { describe, expect, it } from 'vitest';
import { GenerateRequest, type GenerateResult } from '@contract';
import type { GenerateOptions } from '../lifecycle/modelLifecycle';
import { isResumable, yieldingGenerator, type ForegroundWatch } from './yieldingGenerator';

interface Call {
  request: GenerateRequest;
  signal: AbortSignal;
  finish(text: string, tokens: number, reason?: GenerateResult['finishReason']): void;
}

function scripted() {
  const calls: Call[] = [];
  const waiters: (() => void)[] = [];
  const inner = {
    generate: (request: GenerateRequest, options: GenerateOptions) =>
      new Promise<GenerateResult>((resolve) => {
        const written = { text: '', tokens: 0 };
        const finish = (text: string, tokens: number, reason: GenerateResult['finishReason'] = 'stop') =>
          resolve({
            requestId: request.requestId,
            text,
            finishReason: reason,
            functionCalls: [],
            metrics: {
              ttftMs: 5,
              promptTokens: 10,
              completionTokens: tokens,
              promptTokensPerSecond: null,
              generationTokensPerSecond: null,
              totalMs: 1,
            },
          });
        // Like the worker: an abort ends the call with what was written so far.
        options.signal.addEventListener('abort', () => finish(written.text, written.tokens, 'aborted'));
        calls.push({
          request,
          signal: options.signal,
          finish: (text, tokens, reason) => {
            written.text = text;
            written.tokens = tokens;
            if (reason === 'aborted') return; // written so far; the abort ends it
            finish(text, tokens, reason);
          },
        });
        for (const wake of waiters.splice(0)) wake();
      }),
  };
  const untilCalls = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (calls.length >= n ? resolve() : waiters.push(check));
      check();
    });
  return { inner, calls, untilCalls };
}

/** A foreground switch the test flips, as the run queue's gate would on `chat.onActiveChange`. */
function foreground(): ForegroundWatch & { set(active: boolean): void } {
  let active = false;
  const listeners = new Set<() => void>();
  const idle: (() => void)[] = [];
  return {
    set(next) {
      active = next;
      if (active) for (const listener of [...listeners]) listener();
      else for (const resolve of idle.splice(0)) resolve();
    },
    onForeground(_model, listener) {
      listeners.add(listener);
      if (active) listener();
      return () => void listeners.delete(listener);
    },
    untilForegroundIdle: (_model, signal) =>
      active && !signal.aborted
        ? new Promise<void>((resolve) => {
            idle.push(resolve);
            signal.addEventListener('abort', () => resolve(), { once: true });
          })
        : Promise.resolve(),
  };
}

const request = (overrides: Partial<GenerateRequest> = {}) =>
  GenerateRequest.parse({
    requestId: 'run-1',
    modelId: 'm',
    messages: [{ role: 'user', content: 'Write the digest.' }],
    sampling: { maxTokens: 100 },
    ...overrides,
  });

describe('background replies yield to the user', () => {
  it('pauses when a chat starts on the model and continues from its text once the chat is done', async () => {
    const { inner, calls, untilCalls } = scripted();
    const user = foreground();
    const controller = new AbortController();
    const result = yieldingGenerator(inner, user).generate(request(), { signal: controller.signal });
    await untilCalls(1);
    calls[0]!.finish('The digest so', 30, 'aborted');
    user.set(true);
    expect(calls[0]!.signal.aborted).toBe(true);
    // Nothing runs while the user's chat does.
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    user.set(false);
    await untilCalls(2);
    const second = calls[1]!.request;
    expect(second.messages.at(-1)).toEqual({ role: 'assistant', content: 'The digest so' });
    expect(second.sampling.maxTokens).toBe(70);
    expect(second.requestId).not.toBe('run-1');
    calls[1]!.finish(' far.', 5);
    expect(await result).toMatchObject({
      requestId: 'run-1',
      text: 'The digest so far.',
      finishReason: 'stop',
      metrics: { completionTokens: 35, promptTokens: 20, ttftMs: 5 },
    });
  });

  it('ends with what it wrote when the run is cancelled while it waits for the user', async () => {
    const { inner, calls, untilCalls } = scripted();
    const user = foreground();
    const controller = new AbortController();
    const result = yieldingGenerator(inner, user).generate(request(), { signal: controller.signal });
    await untilCalls(1);
    calls[0]!.finish('Half', 4, 'aborted');
    user.set(true);
    controller.abort();
    expect(await result).toMatchObject({ text: 'Half', finishReason: 'aborted', metrics: { completionTokens: 4 } });
    expect(calls).toHaveLength(1);
  });

  it('a cancel is not a pause: the reply ends aborted without waiting', async () => {
    const { inner, calls, untilCalls } = scripted();
    const controller = new AbortController();
    const result = yieldingGenerator(inner, foreground()).generate(request(), { signal: controller.signal });
    await untilCalls(1);
    calls[0]!.finish('Some', 2, 'aborted');
    controller.abort();
    expect(await result).toMatchObject({ text: 'Some', finishReason: 'aborted' });
    expect(calls).toHaveLength(1);
  });

  it('never cuts a reply that may hold a tool call or follows a format; it only waits before it starts', async () => {
    const tools = request({ functions: { pick: { description: 'Pick', params: { type: 'object' } } } });
    expect(isResumable(tools)).toBe(false);
    expect(isResumable(request({ responseFormat: { type: 'json_schema', schema: {} } }))).toBe(false);
    expect(isResumable(request())).toBe(true);
    const { inner, calls, untilCalls } = scripted();
    const user = foreground();
    const result = yieldingGenerator(inner, user).generate(tools, { signal: new AbortController().signal });
    await untilCalls(1);
    user.set(true);
    expect(calls[0]!.signal.aborted).toBe(false);
    calls[0]!.finish('done', 3);
    expect(await result).toMatchObject({ text: 'done', finishReason: 'stop' });
  });
});
