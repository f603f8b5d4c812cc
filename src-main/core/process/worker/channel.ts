/**
 * The worker's link to its host. Under Electron's utilityProcess messages travel over `process.parentPort`
 * (payload in `event.data`); under child_process.fork they use `process.on('message')` / `process.send`.
 */
export interface ParentChannel {
  readonly kind: 'utilityProcess' | 'fork';
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Fires when the host went away (fork's IPC disconnect); utilityProcess children are killed instead. */
  onDisconnect(listener: () => void): void;
}

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function electronParentPort(): ElectronParentPort | undefined {
  const candidate: unknown = Reflect.get(process, 'parentPort');
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const port = candidate as Partial<ElectronParentPort>;
  return typeof port.on === 'function' && typeof port.postMessage === 'function'
    ? (port as ElectronParentPort)
    : undefined;
}

export function connectToParent(): ParentChannel {
  const port = electronParentPort();
  if (port) {
    return {
      kind: 'utilityProcess',
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      onDisconnect: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('a worker must be started with an IPC channel (fork or utilityProcess)');
  return {
    kind: 'fork',
    send: (message) => {
      if (process.connected) send(message);
    },
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.once('disconnect', listener),
  };
}
