import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ConversationView, ExportedFile, SearchHitView } from '@contract';
import { getBridge } from '../bridge';
import { toShownError, type ShownError } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';
import { removeConversation, sortConversations, upsertConversation } from './conversationsState';

export interface SearchState {
  query: string;
  hits: SearchHitView[];
  pending: boolean;
  error: ShownError | null;
}

export interface ConversationsState {
  /** The agent whose conversations the sidebar lists. */
  agentId: string | null;
  /** Conversations per agent, newest first; an agent missing here was never listed. */
  byAgent: Record<string, ConversationView[]>;
  listError: ShownError | null;
  /** The last failed rename/delete/export/create, with what it was about. */
  actionError: { conversationId: string | null; error: ShownError } | null;
  search: SearchState;
  selectAgent(agentId: string): void;
  refresh(agentId?: string): Promise<void>;
  create(agentId: string): Promise<ConversationView | null>;
  rename(conversationId: string, title: string): Promise<boolean>;
  remove(conversationId: string): Promise<boolean>;
  exportFile(conversationId: string, format: 'markdown' | 'json'): Promise<ExportedFile | null>;
  runSearch(query: string): Promise<void>;
  clearSearch(): void;
  dismissError(): void;
  find(conversationId: string): ConversationView | undefined;
  /** Finds a conversation of any agent (a deep link or search hit), listing all of them if need be. */
  locate(conversationId: string): Promise<ConversationView | null>;
  /** Applies `conversations.changed` rows and lists again after a reconnect; returns the undo. */
  startSync(): () => void;
}

const EMPTY_SEARCH: SearchState = { query: '', hits: [], pending: false, error: null };

export function createConversationsStore(bridge: BridgeSource) {
  let syncs = 0;
  let stopSync: (() => void) | null = null;
  let searchSeq = 0;

  return createStore<ConversationsState>()((set, get) => {
    const fail = (conversationId: string | null, error: unknown) =>
      set({ actionError: { conversationId, error: toShownError(error) } });
    const put = (item: ConversationView) =>
      set((s) => ({
        byAgent: { ...s.byAgent, [item.agentId]: upsertConversation(s.byAgent[item.agentId] ?? [], item) },
      }));

    return {
      agentId: null,
      byAgent: {},
      listError: null,
      actionError: null,
      search: EMPTY_SEARCH,

      selectAgent(agentId) {
        if (get().agentId === agentId) return;
        set({ agentId });
        void get().refresh(agentId);
      },

      async refresh(agentId = get().agentId ?? undefined) {
        if (!agentId) return;
        try {
          const list = await bridge().request('conversations.list', { agentId });
          set((s) => ({ byAgent: { ...s.byAgent, [agentId]: sortConversations(list) }, listError: null }));
        } catch (error) {
          set({ listError: toShownError(error) });
        }
      },

      async create(agentId) {
        set({ actionError: null });
        try {
          const created = await bridge().request('conversations.create', { agentId });
          put(created);
          return created;
        } catch (error) {
          fail(null, error);
          return null;
        }
      },

      async rename(conversationId, title) {
        set({ actionError: null });
        try {
          put(await bridge().request('conversations.rename', { conversationId, title }));
          return true;
        } catch (error) {
          fail(conversationId, error);
          return false;
        }
      },

      async remove(conversationId) {
        set({ actionError: null });
        try {
          await bridge().request('conversations.delete', { conversationId });
          set((s) => ({
            byAgent: Object.fromEntries(
              Object.entries(s.byAgent).map(([agent, list]) => [agent, removeConversation(list, conversationId)]),
            ),
            search: { ...s.search, hits: s.search.hits.filter((h) => h.conversationId !== conversationId) },
          }));
          return true;
        } catch (error) {
          fail(conversationId, error);
          return false;
        }
      },

      async exportFile(conversationId, format) {
        set({ actionError: null });
        try {
          return await bridge().request('conversations.export', { conversationId, format });
        } catch (error) {
          fail(conversationId, error);
          return null;
        }
      },

      async runSearch(query) {
        const trimmed = query.trim();
        const seq = ++searchSeq;
        if (!trimmed) {
          set({ search: EMPTY_SEARCH });
          return;
        }
        set((s) => ({ search: { ...s.search, query: trimmed, pending: true, error: null } }));
        try {
          const hits = await bridge().request('conversations.search', { query: trimmed, limit: 30 });
          if (seq !== searchSeq) return; // the user typed on
          set({ search: { query: trimmed, hits, pending: false, error: null } });
        } catch (error) {
          if (seq !== searchSeq) return;
          set({ search: { query: trimmed, hits: [], pending: false, error: toShownError(error) } });
        }
      },

      clearSearch() {
        searchSeq += 1;
        set({ search: EMPTY_SEARCH });
      },

      dismissError() {
        set({ actionError: null });
      },

      find(conversationId) {
        for (const list of Object.values(get().byAgent)) {
          const hit = list.find((c) => c.id === conversationId);
          if (hit) return hit;
        }
        return undefined;
      },

      async locate(conversationId) {
        const known = get().find(conversationId);
        if (known) return known;
        try {
          const all = await bridge().request('conversations.list', {});
          const byAgent: Record<string, ConversationView[]> = {};
          for (const c of all) (byAgent[c.agentId] ??= []).push(c);
          set((s) => {
            const next = { ...s.byAgent };
            for (const [agent, list] of Object.entries(byAgent)) next[agent] = sortConversations(list);
            return { byAgent: next };
          });
        } catch (error) {
          set({ listError: toShownError(error) });
        }
        return get().find(conversationId) ?? null;
      },

      startSync() {
        syncs += 1;
        if (syncs === 1) {
          let wasClosed = false;
          const offs = [
            // The event carries the stored row (title, activity time): the list updates without a refetch.
            bridge().on('conversations.changed', ({ agentId, conversationId, deleted, conversation }) => {
              if (deleted || !conversation) {
                set((s) => ({
                  byAgent: { ...s.byAgent, [agentId]: removeConversation(s.byAgent[agentId] ?? [], conversationId) },
                }));
              } else if (get().byAgent[agentId]) {
                put(conversation);
              }
            }),
            bridge().onStatus((status) => {
              if (status.state === 'closed') wasClosed = true;
              if (status.state === 'open' && wasClosed) {
                wasClosed = false;
                for (const agentId of Object.keys(get().byAgent)) void get().refresh(agentId);
              }
            }),
          ];
          stopSync = () => offs.forEach((off) => off());
        }
        return () => {
          syncs -= 1;
          if (syncs === 0) {
            stopSync?.();
            stopSync = null;
          }
        };
      },
    };
  });
}

export type ConversationsStore = ReturnType<typeof createConversationsStore>;

export const conversationsStore = createConversationsStore(getBridge);

export function useConversationsStore<T>(selector: (state: ConversationsState) => T): T {
  return useStore(conversationsStore, selector);
}
