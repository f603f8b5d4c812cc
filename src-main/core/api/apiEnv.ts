/** Per-request values the middleware and routes share (hono's typed context variables). */
import type { IncomingMessage } from 'node:http';

export interface ApiEnv {
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    /** The caller as the request log names it (address, plus the key prefix once authenticated). */
    client: string;
    model: string | null;
    stream: boolean;
    usage: { promptTokens: number; completionTokens: number } | null;
    errorCode: string | null;
    /** Streams answer 200 at once; the log waits for this to settle and for the final status. */
    streamDone: Promise<void> | null;
    streamStatus: number | null;
  };
}
