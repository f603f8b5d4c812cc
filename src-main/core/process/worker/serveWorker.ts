/**
 * Child side of the worker host: validates every message from the host, runs it, answers exactly once,
 * and exits cleanly on shutdown or when the host goes away. A bad message gets a typed error, never a crash.
 */
import type { z } from 'zod';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import { salvageCallId, ShutdownMessage, type WorkerReply } from '../workerWire';
import { connectToParent } from './channel';
import { describeError, toErrorInfo, type WorkerLog } from './workerErrors';

/** What one running call may send before its result. */
export interface CallContext {
  callId: string;
  progress(progress: number): void;
  event(event: unknown): void;
}

export interface WorkerService<M extends { type: string; callId: string }> {
  handle(message: M, call: CallContext): Promise<unknown>;
  /** Frees every native resource; runs once, before the process exits. */
  dispose(): Promise<void>;
}

/**
 * Starts serving `messages` (the domain's call schema; shutdown is handled here). `create` gets the log
 * function so the service reports through the host's logger.
 */
export function serveWorker<M extends { type: string; callId: string }>(
  name: string,
  messages: z.ZodType<M>,
  create: (log: WorkerLog) => WorkerService<M>,
): void {
  const channel = connectToParent();
  const send = (message: WorkerReply) => channel.send(message);
  const log: WorkerLog = (level, message, fields) =>
    send(fields ? { type: 'log', level, message, fields } : { type: 'log', level, message });
  const service = create(log);
  let shuttingDown = false;

  const shutdown = async (): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    await service.dispose().catch((error: unknown) => log('warn', `dispose failed: ${describeError(error)}`));
    // Let the result message leave before the process does.
    setTimeout(() => process.exit(0), 20);
  };

  const handle = async (raw: unknown): Promise<void> => {
    const stop = ShutdownMessage.safeParse(raw);
    if (stop.success) {
      await shutdown();
      send({ type: 'result', callId: stop.data.callId, ok: true, value: {} });
      return;
    }
    const parsed = messages.safeParse(raw);
    if (!parsed.success) {
      const callId = salvageCallId(raw);
      log('warn', `${name} rejected a malformed message`, { callId, issues: parsed.error.issues.length });
      const error = new OutpostError('bad_request', `Malformed message to the ${name}`, parsed.error.issues);
      send({ type: 'error', callId, error: error.toInfo() });
      return;
    }
    const message = parsed.data;
    const { callId } = message;
    if (shuttingDown) {
      send({ type: 'error', callId, error: { code: 'unavailable', message: 'Shutting down' } });
      return;
    }
    const call: CallContext = {
      callId,
      progress: (progress) => send({ type: 'progress', callId, progress: Math.min(1, Math.max(0, progress)) }),
      event: (event) => send({ type: 'event', callId, event }),
    };
    try {
      send({ type: 'result', callId, ok: true, value: await service.handle(message, call) });
    } catch (error) {
      send({ type: 'error', callId, error: toErrorInfo(error) });
    }
  };

  channel.onMessage((message) => void handle(message));
  channel.onDisconnect(() => void shutdown());
  process.on('unhandledRejection', (reason) => log('error', `unhandled rejection: ${describeError(reason)}`));
  process.on('uncaughtException', (error) => {
    log('error', `uncaught exception: ${describeError(error)}`);
    // State may be corrupt; exit so the host restarts a clean worker.
    setTimeout(() => process.exit(70), 20);
  });
}
