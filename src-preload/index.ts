/**
 * Sandboxed preload: exposes exactly `window.outpost = { request, on }`. Never ipcRenderer, never the
 * IPC event object (checklist: do not expose Electron APIs). Imports only the zod-free channel names.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { OutpostPreloadApi } from './api';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from './channels';

type Listener = (payload: unknown) => void;
const listenersByEvent = new Map<string, Set<Listener>>();

// One ipcRenderer listener fans out by name, so many subscriptions never trip MaxListeners warnings.
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of [...(listenersByEvent.get(name) ?? [])]) {
    try {
      listener(payload);
    } catch (error) {
      console.error(`outpost: listener for ${name} failed`, error);
    }
  }
});

const api = {
  request: (route: string, input: unknown) => ipcRenderer.invoke(IPC_REQUEST_CHANNEL, route, input),
  on(event: string, listener: Listener) {
    const listeners = listenersByEvent.get(event) ?? new Set<Listener>();
    listenersByEvent.set(event, listeners);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
} satisfies OutpostPreloadApi;

contextBridge.exposeInMainWorld('outpost', api);
