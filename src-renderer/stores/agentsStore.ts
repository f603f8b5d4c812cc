import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type {
  AgentDefinitionInput,
  ExportedFile,
  ImportedAgent,
  PortableFormat,
  StoredAgent,
  ToolInfo,
} from '@contract';
import { getBridge } from '../bridge';
import { toShownError, type ShownError } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';

export interface AgentsState {
  agents: StoredAgent[];
  tools: ToolInfo[];
  loaded: boolean;
  error: ShownError | null;
  refresh(): Promise<void>;
  /** Subscribes to `agents.changed` and refreshes after a reconnect; returns the undo. */
  startSync(): () => void;
  byId(id: string): StoredAgent | undefined;
  /** Creates or updates; throws the core's error (e.g. a taken id) for the form to show. */
  save(definition: AgentDefinitionInput, mode: 'create' | 'update'): Promise<StoredAgent>;
  duplicate(id: string): Promise<StoredAgent>;
  /** Deletes the agent and its conversations; resolves to how many conversations went with it. */
  remove(id: string): Promise<number>;
  restore(id: string, version: number): Promise<StoredAgent>;
  exportAgent(id: string, format: PortableFormat): Promise<ExportedFile>;
  /** All files or none: one invalid file rejects the whole import. */
  importFiles(files: { name: string; content: string }[]): Promise<ImportedAgent[]>;
}

function upsert(agents: StoredAgent[], agent: StoredAgent): StoredAgent[] {
  const index = agents.findIndex((a) => a.definition.id === agent.definition.id);
  if (index === -1) return [...agents, agent];
  return agents.map((a, i) => (i === index ? agent : a));
}

/** Saved agents and the tools they may use: shared by the chat screen and the agent builder. */
export function createAgentsStore(bridge: BridgeSource) {
  let syncs = 0;
  let stopSync: (() => void) | null = null;

  return createStore<AgentsState>()((set, get) => ({
    agents: [],
    tools: [],
    loaded: false,
    error: null,

    async refresh() {
      try {
        const [agents, tools] = await Promise.all([
          bridge().request('agents.list', {}),
          bridge().request('tools.list', {}),
        ]);
        set({ agents, tools, loaded: true, error: null });
      } catch (error) {
        set({ loaded: true, error: toShownError(error) });
      }
    },

    startSync() {
      syncs += 1;
      if (syncs === 1) {
        let wasClosed = false;
        const offs = [
          bridge().on('agents.changed', (agents) => set({ agents, loaded: true })),
          bridge().onStatus((status) => {
            if (status.state === 'closed') wasClosed = true;
            if (status.state === 'open' && wasClosed) {
              wasClosed = false;
              void get().refresh();
            }
          }),
        ];
        stopSync = () => offs.forEach((off) => off());
        void get().refresh();
      }
      return () => {
        syncs -= 1;
        if (syncs === 0) {
          stopSync?.();
          stopSync = null;
        }
      };
    },

    byId(id) {
      return get().agents.find((agent) => agent.definition.id === id);
    },

    // Each action folds its answer into the list at once; `agents.changed` confirms it shortly after.
    async save(definition, mode) {
      const agent = await bridge().request(mode === 'create' ? 'agents.create' : 'agents.update', { definition });
      set((s) => ({ agents: upsert(s.agents, agent) }));
      return agent;
    },

    async duplicate(id) {
      const agent = await bridge().request('agents.duplicate', { id });
      set((s) => ({ agents: upsert(s.agents, agent) }));
      return agent;
    },

    async remove(id) {
      const { deletedConversations } = await bridge().request('agents.delete', { id });
      set((s) => ({ agents: s.agents.filter((a) => a.definition.id !== id) }));
      return deletedConversations;
    },

    async restore(id, version) {
      const agent = await bridge().request('agents.restore', { id, version });
      set((s) => ({ agents: upsert(s.agents, agent) }));
      return agent;
    },

    exportAgent: (id, format) => bridge().request('agents.export', { id, format }),

    async importFiles(files) {
      const imported = await bridge().request('agents.import', { files });
      set((s) => ({ agents: imported.reduce((list, item) => upsert(list, item.agent), s.agents) }));
      return imported;
    },
  }));
}

export type AgentsStore = ReturnType<typeof createAgentsStore>;

export const agentsStore = createAgentsStore(getBridge);

export function useAgentsStore<T>(selector: (state: AgentsState) => T): T {
  return useStore(agentsStore, selector);
}
