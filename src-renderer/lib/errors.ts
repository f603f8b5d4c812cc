import { OutpostError } from '@contract';

/** A sentence for the UI from whatever was thrown; bridge failures carry a code worth explaining. */
export function errorMessage(error: unknown): string {
  if (error instanceof OutpostError) {
    if (error.code === 'unavailable') return `Outpost is not reachable right now (${error.message}).`;
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
