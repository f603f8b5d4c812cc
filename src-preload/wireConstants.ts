/** The WebSocket transport's constants, apart from its zod frames so the host can listen before loading zod. */

/** WebSocket path and the subprotocol prefix that carries the session token (kept out of URLs and logs). */
export const WS_PATH = '/ws';
export const WS_TOKEN_PROTOCOL_PREFIX = 'outpost.token.';
/** Hard cap on a frame; larger frames close the socket, smaller over-limit payloads get a typed error. */
export const WS_MAX_FRAME_BYTES = 4 * 1024 * 1024;
