/**
 * Host side of one worker process: numbered calls, their answers (validated), progress and delta routing.
 * Knows nothing about restarts; inferenceClient decides what a dead worker means.
 */
import type { z } from 'zod';
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { Logger, SpawnedProcess } from '../ports';
import {
  type HostMessage,
  type HostMessageType,
  type ReadyMessage,
  ResultValueSchemas,
  WorkerMessage,
} from './protocol';

type Body<T extends HostMessageType> = Omit<Extract<HostMessage, { type: T }>, 'callId'> & { type: T };
export type CallValue<T extends HostMessageType> = T extends 'init'
  ? ReadyMessage
  : z.output<(typeof ResultValueSchemas)[T]>;

export interface CallHooks {
  /** Names the call in crash reports, e.g. "generate r1 on qwen". */
  describe: string;
  onProgress?(progress: number): void;
  onDelta?(delta: string, tokens: number): void;
}

interface PendingCall {
  type: HostMessageType;
  hooks: CallHooks;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WorkerConnection {
  private readonly pending = new Map<string, PendingCall>();
  private nextCallId = 1;
  /** Set once the connection is finished: later calls fail the same way instead of waiting forever. */
  private failure: ((describe: string) => Error) | null = null;
  private readonly unsubscribe: () => void;
  /** Settles once, when the process is gone (registered at spawn so an early exit is never missed). */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;

  constructor(
    readonly process: SpawnedProcess,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = process.onMessage((message) => this.receive(message));
    this.exited = new Promise((resolve) => process.onExit((code, signal) => resolve({ code, signal })));
  }

  get pid(): number | null {
    return this.process.pid ?? null;
  }

  call<T extends HostMessageType>(body: Body<T>, hooks: CallHooks): { callId: string; done: Promise<CallValue<T>> } {
    const callId = `c${this.nextCallId++}`;
    if (this.failure) return { callId, done: Promise.reject(this.failure(hooks.describe)) };
    const done = new Promise<CallValue<T>>((resolve, reject) => {
      this.pending.set(callId, { type: body.type, hooks, resolve: resolve as (value: unknown) => void, reject });
    });
    this.process.postMessage({ ...body, callId });
    return { callId, done };
  }

  /** Fire-and-forget (cancel, shutdown): sent even after failAll, and its answer is dropped. */
  post<T extends HostMessageType>(body: Body<T>): void {
    this.process.postMessage({ ...body, callId: `c${this.nextCallId++}` });
  }

  failAll(makeError: (describe: string) => Error): void {
    this.failure ??= makeError;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(makeError(call.hooks.describe));
  }

  close(): void {
    this.unsubscribe();
  }

  private receive(raw: unknown): void {
    const parsed = WorkerMessage.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn('inference worker sent a malformed message', { issues: parsed.error.issues.slice(0, 5) });
      return;
    }
    const message = parsed.data;
    if (message.type === 'log') {
      this.logger[message.level](`[inference worker] ${message.message}`, message.fields);
      return;
    }
    const callId = message.callId;
    const call = callId === null ? undefined : this.pending.get(callId);
    if (!call || callId === null) {
      if (message.type === 'result' && !message.ok) this.logger.warn('inference worker error', { ...message.error });
      return;
    }
    if (message.type === 'progress') this.notify(() => call.hooks.onProgress?.(message.progress));
    else if (message.type === 'delta') this.notify(() => call.hooks.onDelta?.(message.delta, message.tokens));
    else if (message.type === 'ready') this.settle(callId, call, () => message);
    else if (!message.ok) {
      const { code, message: text, details } = message.error;
      this.settle(callId, call, () => {
        throw new OutpostError(code, text, details);
      });
    } else this.settle(callId, call, () => this.validate(call.type, message.value));
  }

  /** A throwing caller callback must not break message routing for everyone else. */
  private notify(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.logger.warn('inference callback threw', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private validate(type: HostMessageType, value: unknown): unknown {
    const parsed = ResultValueSchemas[type].safeParse(value);
    if (parsed.success) return parsed.data;
    throw new OutpostError('internal', `Inference worker answered ${type} with an invalid value`, parsed.error.issues);
  }

  private settle(callId: string, call: PendingCall, produce: () => unknown): void {
    this.pending.delete(callId);
    try {
      call.resolve(produce());
    } catch (error) {
      call.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
