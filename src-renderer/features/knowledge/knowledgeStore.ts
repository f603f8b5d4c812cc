import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type {
  KnowledgeBase,
  KnowledgeFile,
  KnowledgeFileStatus,
  KnowledgeProgress,
  KnowledgeSourceInput,
} from '@contract';
import { OutpostError } from '../../../src-preload/contract/outpostError';
import { getBridge } from '../../bridge';
import { toShownError, type ShownError, errorGuard } from '../../lib/errors';
import type { BridgeSource } from '../../stores/bridgeSource';
import { folderToGrant } from './knowledgeText';

export const FILES_PAGE = 200;

export interface FilesView {
  baseId: string;
  status: KnowledgeFileStatus | null;
  files: KnowledgeFile[];
  total: number;
}

export interface KnowledgeState {
  bases: KnowledgeBase[];
  /** Live progress per base from `knowledge.progress` (newer than the base row's own). */
  progress: Record<string, KnowledgeProgress>;
  selectedId: string | null;
  filesView: FilesView | null;
  loaded: boolean;
  error: ShownError | null;
  /** Subscribes to knowledge events, then reads the list (so nothing between the two is missed). */
  watch(): () => void;
  refresh(): Promise<void>;
  select(baseId: string | null): void;
  setStatusFilter(status: KnowledgeFileStatus | null): void;
  refreshFiles(): Promise<void>;
  create(name: string, source: KnowledgeSourceInput): Promise<KnowledgeBase>;
  addSource(baseId: string, source: KnowledgeSourceInput): Promise<void>;
  removeSource(baseId: string, sourceId: number): Promise<void>;
  rename(baseId: string, name: string): Promise<void>;
  pause(baseId: string): Promise<void>;
  resume(baseId: string): Promise<void>;
  rescan(baseId: string): Promise<void>;
  remove(baseId: string): Promise<void>;
  /** Grants the folder a refused source needs (for every agent), so adding it again succeeds. Throws. */
  grantFor(source: KnowledgeSourceInput): Promise<void>;
  clearError(): void;
}

/** True when core refused a source only because its folder is not granted yet. */
export function needsGrant(error: unknown): boolean {
  return error instanceof OutpostError && isRecord(error.details) && error.details.reason === 'not_granted';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** How long file-list refreshes wait while a base is indexing, so a fast pass is not one request per file. */
const FILES_REFRESH_MS = 700;

export function createKnowledgeStore(bridge: BridgeSource) {
  return createStore<KnowledgeState>()((set, get) => {
    let filesTimer: ReturnType<typeof setTimeout> | null = null;
    const scheduleFiles = () => {
      filesTimer ??= setTimeout(() => {
        filesTimer = null;
        void get().refreshFiles();
      }, FILES_REFRESH_MS);
    };
    const upsert = (base: KnowledgeBase) => {
      const bases = get().bases;
      const index = bases.findIndex((b) => b.id === base.id);
      const next = index === -1 ? [...bases, base] : bases.map((b) => (b.id === base.id ? base : b));
      set({ bases: next, progress: { ...get().progress, [base.id]: base.progress } });
    };
    const guarded = errorGuard(set);
    const act = async (work: () => Promise<KnowledgeBase>) => {
      upsert(await guarded(work));
      void get().refreshFiles();
    };

    return {
      bases: [],
      progress: {},
      selectedId: null,
      filesView: null,
      loaded: false,
      error: null,

      watch() {
        const offProgress = bridge().on('knowledge.progress', (progress) => {
          const before = get().progress[progress.baseId];
          set({ progress: { ...get().progress, [progress.baseId]: progress } });
          const moved = !before || before.filesDone !== progress.filesDone || before.state !== progress.state;
          if (moved && get().filesView?.baseId === progress.baseId) scheduleFiles();
        });
        const offChanged = bridge().on('knowledge.changed', ({ baseId, base }) => {
          if (base) upsert(base);
          else {
            const bases = get().bases.filter((b) => b.id !== baseId);
            const { [baseId]: _gone, ...progress } = get().progress;
            set({ bases, progress });
            if (get().selectedId === baseId) get().select(bases[0]?.id ?? null);
          }
          if (get().filesView?.baseId === baseId) scheduleFiles();
        });
        void bridge()
          .subscribed()
          .then(() => get().refresh());
        return () => {
          offProgress();
          offChanged();
          if (filesTimer) clearTimeout(filesTimer);
          filesTimer = null;
        };
      },
      async refresh() {
        try {
          const bases = await bridge().request('knowledge.list', {});
          const progress = Object.fromEntries(bases.map((b) => [b.id, b.progress]));
          const selectedId = bases.some((b) => b.id === get().selectedId)
            ? get().selectedId
            : (bases.find((b) => b.conversationId === null)?.id ?? bases[0]?.id ?? null);
          set({ bases, progress, selectedId, loaded: true, error: null });
          await get().refreshFiles();
        } catch (error) {
          set({ loaded: true, error: toShownError(error) });
        }
      },
      select(baseId) {
        if (baseId === get().selectedId) return;
        set({ selectedId: baseId, filesView: null });
        void get().refreshFiles();
      },
      setStatusFilter(status) {
        const view = get().filesView;
        if (view) set({ filesView: { ...view, status } });
        void get().refreshFiles();
      },
      async refreshFiles() {
        const baseId = get().selectedId;
        if (!baseId) return set({ filesView: null });
        const status = get().filesView?.baseId === baseId ? (get().filesView?.status ?? null) : null;
        try {
          const page = await bridge().request('knowledge.files', {
            baseId,
            limit: FILES_PAGE,
            offset: 0,
            ...(status ? { status } : {}),
          });
          // Another base or filter may have been chosen meanwhile: drop a stale answer.
          const now = get().filesView;
          if (get().selectedId !== baseId || (now?.baseId === baseId && now.status !== status)) return;
          set({ filesView: { baseId, status, files: page.files, total: page.total } });
        } catch (error) {
          // A base deleted meanwhile answers not_found; the changed event already moved the selection.
          if (get().selectedId === baseId) set({ error: toShownError(error) });
        }
      },
      async create(name, source) {
        // The form shows a refused source itself (with a way to grant its folder), not the screen's banner.
        const base = await bridge().request('knowledge.create', { name, sources: [source] });
        upsert(base);
        set({ selectedId: base.id, filesView: null });
        void get().refreshFiles();
        return base;
      },
      async addSource(baseId, source) {
        upsert(await bridge().request('knowledge.addSource', { baseId, source }));
        void get().refreshFiles();
      },
      removeSource: (baseId, sourceId) => act(() => bridge().request('knowledge.removeSource', { baseId, sourceId })),
      rename: (baseId, name) => act(() => bridge().request('knowledge.rename', { baseId, name })),
      pause: (baseId) => act(() => bridge().request('knowledge.pause', { baseId })),
      resume: (baseId) => act(() => bridge().request('knowledge.resume', { baseId })),
      rescan: (baseId) => act(() => bridge().request('knowledge.rescan', { baseId })),
      async remove(baseId) {
        await guarded(() => bridge().request('knowledge.delete', { baseId }));
        const bases = get().bases.filter((b) => b.id !== baseId);
        set({ bases });
        if (get().selectedId === baseId) {
          set({ selectedId: null, filesView: null });
          get().select(bases.find((b) => b.conversationId === null)?.id ?? null);
        }
      },
      async grantFor(source) {
        await bridge().request('tools.grantFolder', { path: folderToGrant(source.kind, source.path), agentId: null });
      },
      clearError: () => set({ error: null }),
    };
  });
}

export const knowledgeStore = createKnowledgeStore(getBridge);
export const useKnowledgeStore = <T>(selector: (state: KnowledgeState) => T): T => useStore(knowledgeStore, selector);
