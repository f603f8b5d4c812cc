/**
 * The numbered sources of finished replies. Rows ask for their message's citations as they render; the asks
 * of one tick go out as one `knowledge.messageCitations` request, and each message is asked for once.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { Citation } from '@contract';
import { getBridge } from '../../../bridge';
import type { BridgeSource } from '../../../stores/bridgeSource';

const NONE: readonly Citation[] = [];
const BATCH = 500;

export interface CitationsState {
  /** Loaded messages: their citations (empty when the reply used none). */
  byMessage: Record<string, readonly Citation[]>;
  /** Asks for a finished reply's citations (once; batched with the other rows of this tick). */
  want(messageId: string): void;
  /** Resolves when every ask so far is answered (tests). */
  settled(): Promise<void>;
}

export function createCitationsStore(bridge: BridgeSource) {
  return createStore<CitationsState>()((set, get) => {
    const asked = new Set<string>();
    let queue: string[] = [];
    let last: Promise<void> = Promise.resolve();

    const flush = async (ids: string[]) => {
      for (let i = 0; i < ids.length; i += BATCH) {
        const slice = ids.slice(i, i + BATCH);
        try {
          const found = await bridge().request('knowledge.messageCitations', { messageIds: slice });
          const next = { ...get().byMessage };
          for (const id of slice) next[id] = found[id] ?? NONE;
          set({ byMessage: next });
        } catch {
          // Disconnected or refused: ask again when the row renders next time.
          for (const id of slice) asked.delete(id);
        }
      }
    };

    return {
      byMessage: {},
      want(messageId) {
        if (asked.has(messageId)) return;
        asked.add(messageId);
        queue.push(messageId);
        if (queue.length > 1) return;
        const run = Promise.resolve().then(() => {
          const ids = queue;
          queue = [];
          return flush(ids);
        });
        last = Promise.all([last, run]).then(() => undefined);
      },
      settled: () => last,
    };
  });
}

export const citationsStore = createCitationsStore(getBridge);

export function useCitations(messageId: string): readonly Citation[] | undefined {
  return useStore(citationsStore, (s) => s.byMessage[messageId]);
}
