import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { GenerateResult } from '@contract';
import { getBridge } from '../bridge';
import { topics } from '../../src-preload/topics';
import { toShownError, type ShownError } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';

export type PromptStatus = 'idle' | 'running' | 'stopping' | 'done' | 'stopped' | 'failed';

export interface PromptState {
  requestId: string | null;
  modelId: string | null;
  status: PromptStatus;
  /** Streamed text so far; replaced by the final text when the result arrives. */
  text: string;
  tokens: number;
  result: GenerateResult | null;
  error: ShownError | null;
  send(modelId: string, prompt: string, maxTokens: number): Promise<void>;
  stop(): Promise<void>;
}

export interface PromptStoreOptions {
  bridge: BridgeSource;
  /** Runs a flush before the next paint; tests pass a synchronous or manual scheduler. */
  schedule?: (flush: () => void) => void;
  newRequestId?: () => string;
}

const nextFrame = (flush: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flush) : setTimeout(flush, 16);

/**
 * One test prompt at a time against a loaded model. Token events are buffered and applied at most
 * once per frame, so streaming costs one text update per paint however fast tokens arrive.
 */
export function createPromptStore({
  bridge,
  schedule = nextFrame,
  newRequestId = () => crypto.randomUUID(),
}: PromptStoreOptions) {
  return createStore<PromptState>()((set, get) => ({
    requestId: null,
    modelId: null,
    status: 'idle',
    text: '',
    tokens: 0,
    result: null,
    error: null,

    async send(modelId, prompt, maxTokens) {
      const { status } = get();
      if (status === 'running' || status === 'stopping') return;
      const requestId = newRequestId();
      let buffered = '';
      let bufferedTokens = 0;
      let flushQueued = false;
      const flush = () => {
        flushQueued = false;
        if (get().requestId !== requestId || (buffered === '' && bufferedTokens === 0)) return;
        const delta = buffered;
        const tokens = bufferedTokens;
        buffered = '';
        bufferedTokens = 0;
        set((s) => ({ text: s.text + delta, tokens: s.tokens + tokens }));
      };
      // Subscribe before asking: tokens can arrive before the request returns.
      const releaseTopic = bridge().subscribe(topics.inferenceRequest(requestId));
      const unsubscribe = bridge().on('inference.token', (event) => {
        if (event.requestId !== requestId) return;
        buffered += event.delta;
        bufferedTokens += event.tokens;
        if (!flushQueued) {
          flushQueued = true;
          schedule(flush);
        }
      });
      set({ requestId, modelId, status: 'running', text: '', tokens: 0, result: null, error: null });
      try {
        await bridge().subscribed();
        const result = await bridge().request('inference.generate', {
          requestId,
          modelId,
          messages: [{ role: 'user', content: prompt }],
          sampling: { maxTokens },
          origin: 'preview',
        });
        if (get().requestId !== requestId) return;
        set({
          status: result.finishReason === 'aborted' ? 'stopped' : 'done',
          text: result.text,
          tokens: result.metrics.completionTokens,
          result,
        });
      } catch (error) {
        if (get().requestId !== requestId) return;
        const shown = toShownError(error);
        set({
          status: shown.code === 'aborted' ? 'stopped' : 'failed',
          error: shown.code === 'aborted' ? null : shown,
        });
      } finally {
        unsubscribe();
        releaseTopic();
      }
    },

    async stop() {
      const { requestId, status } = get();
      if (!requestId || status !== 'running') return;
      set({ status: 'stopping' });
      try {
        await bridge().request('inference.cancel', { requestId });
      } catch (error) {
        // The generation may still finish on its own; say why Stop did not work.
        if (get().requestId === requestId) set({ error: toShownError(error) });
      }
    },
  }));
}

export type PromptStore = ReturnType<typeof createPromptStore>;

export const promptStore = createPromptStore({ bridge: getBridge });

export function usePromptStore<T>(selector: (state: PromptState) => T): T {
  return useStore(promptStore, selector);
}
