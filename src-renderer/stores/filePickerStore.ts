import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { getBridge } from '../bridge';
import { toShownError, type ShownError } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';

export type PickKind = 'model' | 'pack' | 'folder' | 'document';

export interface FilePickerState {
  /**
   * Whether a native picker exists: guessed from the shell until the first `system.pickFile` answers
   * (Electron has one, a browser talking to the headless host does not).
   */
  supported: boolean | null;
  picking: PickKind | null;
  error: ShownError | null;
  /** Reads the shell once; cheap, no request. */
  probe(): void;
  /** Opens the native picker; null when cancelled or unsupported (then `supported` turns false). */
  pick(kind: PickKind): Promise<string | null>;
}

export function createFilePickerStore(bridge: BridgeSource) {
  return createStore<FilePickerState>()((set, get) => ({
    supported: null,
    picking: null,
    error: null,
    probe() {
      if (get().supported === null) set({ supported: bridge().kind === 'electron' });
    },
    async pick(kind) {
      set({ picking: kind, error: null });
      try {
        const { supported, path } = await bridge().request('system.pickFile', { kind });
        set({ supported, picking: null });
        return path;
      } catch (error) {
        set({ picking: null, error: toShownError(error) });
        return null;
      }
    },
  }));
}

export type FilePickerStore = ReturnType<typeof createFilePickerStore>;

export const filePickerStore = createFilePickerStore(getBridge);

export function useFilePickerStore<T>(selector: (state: FilePickerState) => T): T {
  return useStore(filePickerStore, selector);
}
