import { z } from 'zod';
import { MAX_PAYLOAD_BYTES, OutpostError, isRouteName, routes, type Envelope, type ErrorInfo } from '@contract';
import type { Logger } from '../ports';
import { isSqliteError, toStorageError } from '../storage/storageErrors';
import type { HandlerContext, Handlers } from './handlerTypes';

export interface DispatchRequest {
  route: unknown;
  input: unknown;
  /** Size of the serialized request as received, when the transport knows it. */
  sizeBytes?: number;
}

function failure(code: ErrorInfo['code'], message: string, details?: unknown): Envelope<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

/** The one gate every transport uses: route check, size check, zod parse, handler, output check. */
export async function dispatch(
  handlers: Handlers,
  request: DispatchRequest,
  ctx: HandlerContext,
  logger: Logger,
): Promise<Envelope<unknown>> {
  const { route, input } = request;
  if (!isRouteName(route)) {
    return failure('unknown_route', `Unknown route: ${String(route).slice(0, 80)}`);
  }
  const size = request.sizeBytes ?? JSON.stringify(input ?? null).length;
  if (size > MAX_PAYLOAD_BYTES) {
    return failure('payload_too_large', `Payload of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  }
  const parsed = routes[route].input.safeParse(input ?? {});
  if (!parsed.success) {
    return failure('bad_request', `Invalid input for ${route}: ${z.prettifyError(parsed.error)}`, parsed.error.issues);
  }
  try {
    const handler = handlers[route] as (input: unknown, ctx: HandlerContext) => Promise<unknown>;
    const output = await handler(parsed.data, ctx);
    // Outputs are checked too, so a handler bug surfaces as a typed error instead of a confused UI.
    const checked = routes[route].output.safeParse(output);
    if (!checked.success) {
      logger.error('handler returned output outside the contract', { route, issues: checked.error.issues });
      return failure('internal', `Handler for ${route} returned invalid output`);
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    if (error instanceof OutpostError) return { ok: false, error: error.toInfo() };
    if (ctx.signal.aborted) return failure('aborted', `${route} was cancelled`);
    // A store that let a raw SQLite error through (a full disk, a locked file) still answers typed.
    if (isSqliteError(error))
      return { ok: false, error: toStorageError(error, 'the Outpost database', `complete ${route}`).toInfo() };
    logger.error('handler failed', { route, error: error instanceof Error ? error.stack : String(error) });
    return failure('internal', error instanceof Error ? error.message : String(error));
  }
}
