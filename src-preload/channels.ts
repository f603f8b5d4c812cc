/**
 * Channel names of the Electron transport. Imports nothing, so the sandboxed preload can use them
 * without bundling zod; contract.ts re-exports them for everyone else.
 */
export const IPC_REQUEST_CHANNEL = 'outpost:request';
export const IPC_EVENT_CHANNEL = 'outpost:event';
