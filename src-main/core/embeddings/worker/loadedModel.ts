import type { ExecutionProvider } from '../protocol';

export { describeError, type WorkerLog } from '../../process/worker/workerErrors';

/** One loaded embedding model inside the worker, whatever runtime serves it. */
export interface LoadedModel {
  readonly dimensions: number;
  readonly provider: ExecutionProvider;
  readonly fallbackReason: string | null;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
