/** What a domain tells the worker host about its protocol: call bodies, their results, streamed events. */
import type { z } from 'zod';

export interface WorkerProtocol<M extends { type: string; callId: string }, R extends ResultSchemas<M>, E = never> {
  /** Names the worker in errors and logs, e.g. "Inference worker". */
  label: string;
  /** Host→worker calls; the host validates what it sends too, so a bad request never reaches the child. */
  messages: z.ZodType<M>;
  /** What a successful result must look like, per call type (validated on arrival). */
  results: R;
  /** What `event` messages of a running call must look like (e.g. generation deltas). */
  events?: z.ZodType<E>;
}

export type ResultSchemas<M extends { type: string }> = { [T in M['type']]: z.ZodType };

/** A call as the domain writes it: the message without the callId the host assigns. */
export type CallBody<M extends { type: string }, T extends M['type']> = Omit<Extract<M, { type: T }>, 'callId'> & {
  type: T;
};

export type CallValue<R, T extends keyof R> = R[T] extends z.ZodType ? z.output<R[T]> : never;

export interface WorkerExit {
  code: number | null;
  signal: string | null;
}

export interface CallOptions<E = never> {
  /** Names the call in errors, e.g. "estimate of qwen" → "… exited (signal SIGKILL) during estimate of qwen". */
  describe: string;
  onProgress?(progress: number): void;
  /** Each validated `event` message of this call. */
  onEvent?(event: E): void;
  /** Abort: with `cancel`, the host sends that message and keeps waiting for the worker's answer; without, it rejects. */
  signal?: AbortSignal;
  cancel?(callId: string): { type: string } | null;
  /** The error this call gets when the worker dies under it (default: worker_crashed naming the call). */
  crashError?(exit: WorkerExit, describe: string): Error;
}
