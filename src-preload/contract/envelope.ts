import { z } from 'zod';

/** Every failure that crosses the boundary carries one of these codes. */
export const ErrorCode = z.enum([
  'bad_request',
  'unknown_route',
  'payload_too_large',
  'unauthorized',
  'not_found',
  'conflict',
  'storage_error',
  'worker_crashed',
  'invalid_model',
  'insufficient_memory',
  'not_loaded',
  /** The prompt does not fit the model's context; details: { promptTokens, contextSize, maxTokens?, suggestion }. */
  'context_overflow',
  'busy',
  'aborted',
  /** Something outside this machine (a download host, Hugging Face) can't be reached. */
  'unavailable',
  /** The renderer lost its connection to Outpost's own host. */
  'disconnected',
  /** Offline mode is on (Settings → Privacy), so Outpost refused to reach the network. */
  'offline',
  /** A remote inference node failed mid-reply or could not be reached (details name the node). */
  'node_unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Structured detail for the UI, e.g. zod issues or the file a failure is about. */
  details: z.unknown().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Largest serialized request payload either transport accepts (bytes of JSON). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export { OutpostError } from './outpostError';
