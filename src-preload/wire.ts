/**
 * Frames of the headless WebSocket transport. The Electron transport needs none of this:
 * ipcRenderer.invoke already pairs requests with responses.
 */
import { z } from 'zod';
import { ErrorInfo } from './contract/envelope';

export const ClientFrame = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  route: z.string().max(200),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const Envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorInfo }),
]);

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response'), id: z.number().int().nullable(), result: Envelope }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

export { WS_MAX_FRAME_BYTES, WS_PATH, WS_TOKEN_PROTOCOL_PREFIX } from './wireConstants';
