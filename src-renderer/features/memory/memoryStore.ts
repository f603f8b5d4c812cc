import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { MemoryExport, MemoryFact, MemoryStatus, RecallResult } from '@contract';
import { MemoryExport as MemoryExportSchema } from '@contract';
import { getBridge } from '../../bridge';
import { toShownError, type ShownError, errorGuard } from '../../lib/errors';
import type { BridgeSource } from '../../stores/bridgeSource';

/** The inspector's scope: one agent's facts (plus global ones), or the global facts alone. */
export const GLOBAL_SCOPE = '__global__';

export interface MemoryState {
  scope: string;
  query: string;
  facts: MemoryFact[];
  total: number;
  status: MemoryStatus | null;
  loaded: boolean;
  error: ShownError | null;
  setScope(scope: string): void;
  setQuery(query: string): void;
  refresh(): Promise<void>;
  /** Subscribes to memory events; returns the undo. */
  watch(): () => void;
  add(text: string, pinned: boolean): Promise<void>;
  update(id: number, patch: { text?: string; pinned?: boolean }): Promise<void>;
  remove(id: number): Promise<void>;
  forgetAgent(): Promise<number>;
  exportFacts(): Promise<MemoryExport>;
  /** Parses and validates the file here, so a wrong file is reported before anything is sent. */
  importText(text: string): Promise<{ imported: number; merged: number }>;
  recall(query: string): Promise<RecallResult>;
  setModel(id: string | null): Promise<void>;
  setProvider(provider: MemoryStatus['provider']['preference']): Promise<void>;
}

const agentOf = (scope: string) => (scope === GLOBAL_SCOPE ? null : scope);

export function createMemoryStore(bridge: BridgeSource) {
  return createStore<MemoryState>()((set, get) => {
    const guarded = errorGuard(set);
    return {
      scope: GLOBAL_SCOPE,
      query: '',
      facts: [],
      total: 0,
      status: null,
      loaded: false,
      error: null,

      setScope(scope) {
        set({ scope });
        void get().refresh();
      },
      setQuery(query) {
        set({ query });
        void get().refresh();
      },
      async refresh() {
        const { scope, query } = get();
        try {
          const [page, status] = await Promise.all([
            bridge().request('memory.list', { agentId: agentOf(scope), query: query.trim() || undefined }),
            bridge().request('memory.status', {}),
          ]);
          // A newer scope or query may have been chosen meanwhile: drop a stale answer.
          if (get().scope !== scope || get().query !== query) return;
          set({ facts: page.facts, total: page.total, status, loaded: true, error: null });
        } catch (error) {
          set({ loaded: true, error: toShownError(error) });
        }
      },
      watch() {
        void get().refresh();
        const offChanged = bridge().on('memory.changed', () => void get().refresh());
        const offStatus = bridge().on('memory.status', (status) => set({ status }));
        return () => {
          offChanged();
          offStatus();
        };
      },
      async add(text, pinned) {
        await guarded(() => bridge().request('memory.add', { agentId: agentOf(get().scope), text, pinned }));
        await get().refresh();
      },
      async update(id, patch) {
        await guarded(() => bridge().request('memory.update', { id, ...patch }));
        await get().refresh();
      },
      async remove(id) {
        await guarded(() => bridge().request('memory.delete', { id }));
        await get().refresh();
      },
      async forgetAgent() {
        const agentId = agentOf(get().scope);
        if (agentId === null) return 0;
        const { deleted } = await guarded(() => bridge().request('memory.forgetAgent', { agentId }));
        await get().refresh();
        return deleted;
      },
      exportFacts: () => guarded(() => bridge().request('memory.export', { agentId: agentOf(get().scope) })),
      async importText(text) {
        const counts = await guarded(async () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            throw new Error('That file is not JSON. Choose a memory export (.json) saved by Outpost.');
          }
          const parsed = MemoryExportSchema.safeParse(json);
          if (!parsed.success) throw new Error('That file is not an Outpost memory export.');
          return bridge().request('memory.import', { agentId: agentOf(get().scope), data: parsed.data });
        });
        await get().refresh();
        return counts;
      },
      recall: (query) => {
        const agentId = agentOf(get().scope);
        if (agentId === null) return Promise.resolve({ mode: 'keyword', reason: 'choose an agent', hits: [] });
        return guarded(() => bridge().request('memory.recall', { agentId, query, k: 5 }));
      },
      async setModel(id) {
        set({ status: await guarded(() => bridge().request('memory.setModel', { id })) });
      },
      async setProvider(provider) {
        set({ status: await guarded(() => bridge().request('memory.setProvider', { provider })) });
      },
    };
  });
}

export const memoryStore = createMemoryStore(getBridge);
export const useMemoryStore = <T>(selector: (state: MemoryState) => T): T => useStore(memoryStore, selector);
