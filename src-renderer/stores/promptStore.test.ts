import { describe, expect, it } from 'vitest';
import { OutpostError, type GenerateResult } from '@contract';
import { createFakeBridge, deferred } from '../testing/fakeBridge';
import { createPromptStore } from './promptStore';

const metrics = {
  ttftMs: 30,
  promptTokens: 10,
  completionTokens: 3,
  promptTokensPerSecond: 340,
  generationTokensPerSecond: 31,
  totalMs: 120,
};

function setup() {
  const reply = deferred<GenerateResult>();
  const bridge = createFakeBridge({
    'inference.generate': () => reply.promise,
    'inference.cancel': async () => ({ cancelled: true }),
  });
  const frames: (() => void)[] = [];
  const store = createPromptStore({
    bridge: () => bridge,
    schedule: (flush) => frames.push(flush),
    newRequestId: () => 'req-1',
  });
  const paint = () => frames.splice(0).forEach((flush) => flush());
  return { bridge, reply, store, paint };
}

describe('promptStore', () => {
  it('streams tokens of its own request, one update per frame, then shows the result', async () => {
    const { bridge, reply, store, paint } = setup();
    const sending = store.getState().send('tiny', 'Hello', 16);
    // The request's own topic is held before it is sent, and only while it runs.
    expect([...bridge.topics.keys()]).toEqual(['inference:req-1']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(bridge.calls[0]).toEqual({
      route: 'inference.generate',
      input: {
        requestId: 'req-1',
        modelId: 'tiny',
        messages: [{ role: 'user', content: 'Hello' }],
        sampling: { maxTokens: 16 },
        origin: 'preview',
      },
    });
    expect(store.getState().status).toBe('running');

    bridge.emit('inference.token', { requestId: 'req-1', delta: 'Hel', tokens: 1 });
    bridge.emit('inference.token', { requestId: 'other', delta: 'XX', tokens: 1 });
    bridge.emit('inference.token', { requestId: 'req-1', delta: 'lo', tokens: 1 });
    expect(store.getState().text).toBe('');
    paint();
    expect(store.getState()).toMatchObject({ text: 'Hello', tokens: 2 });

    reply.resolve({ requestId: 'req-1', text: 'Hello!', finishReason: 'length', functionCalls: [], metrics });
    await sending;
    expect(store.getState()).toMatchObject({ status: 'done', text: 'Hello!', tokens: 3, result: { metrics } });
    expect(bridge.topics.size).toBe(0);

    bridge.emit('inference.token', { requestId: 'req-1', delta: 'late', tokens: 1 });
    paint();
    expect(store.getState().text).toBe('Hello!');
  });

  it('stops through inference.cancel and reports an aborted finish as stopped', async () => {
    const { bridge, reply, store } = setup();
    const sending = store.getState().send('tiny', 'Hello', 16);
    await store.getState().stop();
    expect(store.getState().status).toBe('stopping');
    expect(bridge.calls.map((c) => c.route)).toContain('inference.cancel');
    expect(bridge.calls.find((c) => c.route === 'inference.cancel')?.input).toEqual({ requestId: 'req-1' });
    reply.resolve({ requestId: 'req-1', text: 'He', finishReason: 'aborted', functionCalls: [], metrics });
    await sending;
    expect(store.getState().status).toBe('stopped');
  });

  it('keeps a typed error when generation fails', async () => {
    const { reply, store } = setup();
    const sending = store.getState().send('tiny', 'Hello', 16);
    reply.reject(new OutpostError('worker_crashed', 'The inference worker stopped unexpectedly'));
    await sending;
    expect(store.getState()).toMatchObject({ status: 'failed', error: { code: 'worker_crashed' } });
  });
});
