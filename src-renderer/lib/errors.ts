import type { ErrorCode } from '@contract';
import { OutpostError } from '../../src-preload/contract/outpostError';

/** A sentence for the UI from whatever was thrown; bridge failures carry a code worth explaining. */
export function errorMessage(error: unknown): string {
  if (error instanceof OutpostError) {
    if (error.code === 'disconnected') return `Outpost is not reachable right now (${error.message}).`;
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A failure kept for display: the code decides how it is shown, the message says what happened. */
export interface ShownError {
  /** The core's code, or 'internal' for anything that did not come from the core. */
  code: ErrorCode;
  message: string;
  /** The file the failure is about, when the core named one. */
  file: string | null;
}

export function toShownError(error: unknown): ShownError {
  const code = error instanceof OutpostError ? error.code : 'internal';
  const details = error instanceof OutpostError ? error.details : undefined;
  const file =
    typeof details === 'object' && details !== null && 'file' in details && typeof details.file === 'string'
      ? details.file
      : null;
  return { code, message: errorMessage(error), file };
}

/** A store's request wrapper: success clears the shown error, a failure is shown and still thrown to the caller. */
export function errorGuard(set: (patch: { error: ShownError | null }) => void) {
  return async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      const value = await work();
      set({ error: null });
      return value;
    } catch (error) {
      set({ error: toShownError(error) });
      throw error;
    }
  };
}
