/** The one IPC entry point: sender check → core.dispatch → Envelope. Events need no handler (main sends). */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_REQUEST_CHANNEL, MAX_PAYLOAD_BYTES, type Envelope, type ErrorInfo } from '@contract';
import type { Core } from '../core/createCore';
import type { Logger } from '../core/ports';
import { isSenderAllowed, payloadSizeBytes } from './securityPolicy';
import { isOurWebContents } from './windows';

export interface IpcOptions {
  core: Core;
  devServerUrl: string | null;
  logger: Logger;
}

function failure(code: ErrorInfo['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/**
 * One AbortController per page: aborted when the webContents is destroyed, its renderer dies, or it
 * navigates to a new document, so long requests (generations) stop when their caller is gone.
 */
const callerSignals = new Map<number, AbortController>();

function signalFor(contents: WebContents): AbortSignal {
  const existing = callerSignals.get(contents.id);
  if (existing) return existing.signal;
  const controller = new AbortController();
  const id = contents.id;
  callerSignals.set(id, controller);
  const abort = () => {
    if (callerSignals.get(id) !== controller) return;
    callerSignals.delete(id);
    controller.abort();
    contents.off('destroyed', abort);
    contents.off('did-navigate', abort);
    contents.off('render-process-gone', abort);
  };
  contents.once('destroyed', abort);
  contents.on('did-navigate', abort);
  contents.on('render-process-gone', abort);
  return controller.signal;
}

function senderIsAllowed(event: IpcMainInvokeEvent, devServerUrl: string | null): boolean {
  const frame = event.senderFrame;
  return isSenderAllowed(
    {
      frameUrl: frame?.url ?? null,
      isMainFrame: frame !== null && frame.parent === null,
      isOurWindow: isOurWebContents(event.sender),
    },
    devServerUrl,
  );
}

async function handleRequest(
  event: IpcMainInvokeEvent,
  route: unknown,
  input: unknown,
  options: IpcOptions,
): Promise<Envelope<unknown>> {
  if (!senderIsAllowed(event, options.devServerUrl)) {
    options.logger.warn('ipc request from an unexpected sender refused', {
      url: event.senderFrame?.url.slice(0, 300) ?? null,
      route: String(route).slice(0, 80),
    });
    return failure('unauthorized', 'This frame may not call Outpost');
  }
  const sizeBytes = payloadSizeBytes(input);
  if (sizeBytes === null) return failure('bad_request', 'Request input is not JSON-serializable');
  if (sizeBytes > MAX_PAYLOAD_BYTES) {
    return failure('payload_too_large', `Payload of ${sizeBytes} bytes exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  }
  return options.core.dispatch({ route, input, sizeBytes }, { signal: signalFor(event.sender) });
}

/** Registers the request channel; returns a function that unregisters it. */
export function registerIpc(options: IpcOptions): () => void {
  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, route: unknown, input: unknown): Promise<Envelope<unknown>> => {
    try {
      return await handleRequest(event, route, input, options);
    } catch (error) {
      // A thrown error would reach the renderer as an opaque string; always answer with an envelope.
      options.logger.error('ipc request failed', { error: error instanceof Error ? error.stack : String(error) });
      return failure('internal', 'Request failed in the main process');
    }
  });
  return () => ipcMain.removeHandler(IPC_REQUEST_CHANNEL);
}
