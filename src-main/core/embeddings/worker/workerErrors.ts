import { type ErrorInfo, OutpostError } from '../../../../src-preload/contract/envelope';
import type { ExecutionProvider } from '../protocol';

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : String(error);
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof OutpostError) return error.toInfo();
  return { code: 'internal', message: describeError(error) };
}

export type WorkerLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** One loaded embedding model inside the worker, whatever runtime serves it. */
export interface LoadedModel {
  readonly dimensions: number;
  readonly provider: ExecutionProvider;
  readonly fallbackReason: string | null;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
