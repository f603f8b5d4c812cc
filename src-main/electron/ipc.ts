/**
 * The one IPC entry point: sender check → core.dispatch → Envelope. Each page is one event client: it gets
 * the topics it subscribed to (events.subscribe, a route like any other) until it navigates or closes.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_REQUEST_CHANNEL, MAX_PAYLOAD_BYTES, type Envelope, type ErrorInfo } from '@contract';
import type { Core } from '../core/createCore';
import type { EventClient } from '../core/events/eventHub';
import type { Logger } from '../core/ports';
import { deliverTo } from './eventSink';
import { isSenderAllowed, payloadSizeBytes } from './securityPolicy';
import { isOurWebContents } from './windows';

export interface IpcOptions {
  /** A promise lets the window open while core starts; requests wait for it. */
  core: Core | Promise<Core>;
  devServerUrl: string | null;
  logger: Logger;
}

function failure(code: ErrorInfo['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

interface Caller {
  controller: AbortController;
  client: EventClient;
}

/**
 * One caller per page: its AbortController and event client end when the webContents is destroyed, its
 * renderer dies, or it navigates to a new document, so long requests (generations) stop when their caller
 * is gone and a reloaded page starts with no subscriptions.
 */
const callers = new Map<number, Caller>();

function callerFor(contents: WebContents, core: Core, logger: Logger): Caller {
  const existing = callers.get(contents.id);
  if (existing) return existing;
  const caller: Caller = {
    controller: new AbortController(),
    client: core.connect(deliverTo(contents, logger)),
  };
  const id = contents.id;
  callers.set(id, caller);
  const end = () => {
    if (callers.get(id) !== caller) return;
    callers.delete(id);
    caller.client.close();
    caller.controller.abort();
    contents.off('destroyed', end);
    contents.off('did-navigate', end);
    contents.off('render-process-gone', end);
  };
  contents.once('destroyed', end);
  contents.on('did-navigate', end);
  contents.on('render-process-gone', end);
  return caller;
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
  const core = await options.core;
  const caller = callerFor(event.sender, core, options.logger);
  return core.dispatch({ route, input, sizeBytes }, { signal: caller.controller.signal, client: caller.client });
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
