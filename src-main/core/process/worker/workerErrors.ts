/** How a worker turns whatever it caught into the contract's ErrorInfo for the host. */
import { type ErrorCode, type ErrorInfo, OutpostError } from '../../../../src-preload/contract/envelope';

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}

export function toErrorInfo(error: unknown, fallbackCode: ErrorCode = 'internal'): ErrorInfo {
  if (error instanceof OutpostError) return error.toInfo();
  return { code: fallbackCode, message: describeError(error) };
}

export type WorkerLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;
