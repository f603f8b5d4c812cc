import { describe, expect, it } from 'vitest';
import type { Citation } from '@contract';
import { createFakeBridge } from '../../../testing/fakeBridge';
import { createCitationsStore } from './citationsStore';

const citation: Citation = {
  n: 1,
  chunkId: 7,
  baseId: 'b',
  path: '/docs/a.pdf',
  fileName: 'a.pdf',
  page: 2,
  heading: '',
  excerpt: 'text',
};

describe('citations store', () => {
  it('asks for the rows of one tick in one request, once per message', async () => {
    const bridge = createFakeBridge({
      'knowledge.messageCitations': async ({ messageIds }): Promise<Record<string, Citation[]>> =>
        messageIds.includes('m1') ? { m1: [citation] } : {},
    });
    const store = createCitationsStore(() => bridge);
    store.getState().want('m1');
    store.getState().want('m2');
    store.getState().want('m1');
    await store.getState().settled();
    expect(bridge.calls).toEqual([{ route: 'knowledge.messageCitations', input: { messageIds: ['m1', 'm2'] } }]);
    expect(store.getState().byMessage).toEqual({ m1: [citation], m2: [] });
    store.getState().want('m2');
    await store.getState().settled();
    expect(bridge.calls).toHaveLength(1);
  });

  it('asks again after a failed request', async () => {
    let fail = true;
    const bridge = createFakeBridge({
      'knowledge.messageCitations': async () => {
        if (fail) throw new Error('disconnected');
        return {};
      },
    });
    const store = createCitationsStore(() => bridge);
    store.getState().want('m1');
    await store.getState().settled();
    expect(store.getState().byMessage.m1).toBeUndefined();
    fail = false;
    store.getState().want('m1');
    await store.getState().settled();
    expect(store.getState().byMessage.m1).toEqual([]);
  });
});
