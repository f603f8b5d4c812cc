/**
 * The envelope every worker protocol shares, read by both sides (host: workerHost, child: worker/serveWorker).
 * A domain's protocol adds its own call bodies and result schemas; the envelope carries them.
 * Every host→worker call has a `callId` and gets exactly one `result`; `progress` and `event` may come before it.
 */
import { z } from 'zod';
import { ErrorInfo } from '../../../src-preload/contract/envelope';

export const CallId = z.string().min(1).max(100);

/** Sent by the host to end a worker; answered with an empty result, then the process exits. */
export const ShutdownMessage = z.object({ type: z.literal('shutdown'), callId: CallId });

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

/** `callId` is null only when the message being answered had no usable callId. */
export const WorkerReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), callId: CallId.nullable(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('error'), callId: CallId.nullable(), error: ErrorInfo }),
  z.object({ type: z.literal('progress'), callId: CallId, progress: z.number().min(0).max(1) }),
  /** Something a running call streams to its caller (generation deltas); the domain's schema validates it. */
  z.object({ type: z.literal('event'), callId: CallId, event: z.unknown() }),
  z.object({
    type: z.literal('log'),
    level: LogLevel,
    message: z.string(),
    fields: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type WorkerReply = z.infer<typeof WorkerReply>;

/** Best effort callId of a message that failed validation, so its sender still gets an answer. */
export function salvageCallId(message: unknown): string | null {
  if (typeof message !== 'object' || message === null || !('callId' in message)) return null;
  const parsed = CallId.safeParse(message.callId);
  return parsed.success ? parsed.data : null;
}
