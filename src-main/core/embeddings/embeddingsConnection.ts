/** Host side of one embeddings worker process: numbered calls and their validated answers. */
import type { z } from 'zod';
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { Logger, SpawnedProcess } from '../ports';
import { type HostMessage, type HostMessageType, ResultValueSchemas, WorkerMessage } from './protocol';

type Body<T extends HostMessageType> = Omit<Extract<HostMessage, { type: T }>, 'callId'> & { type: T };
export type CallValue<T extends HostMessageType> = z.output<(typeof ResultValueSchemas)[T]>;

interface Pending {
  type: HostMessageType;
  describe: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class EmbeddingsConnection {
  private readonly pending = new Map<string, Pending>();
  private nextCallId = 1;
  private failure: ((describe: string) => Error) | null = null;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;

  constructor(
    readonly process: SpawnedProcess,
    private readonly logger: Logger,
  ) {
    process.onMessage((message) => this.receive(message));
    this.exited = new Promise((resolve) => process.onExit((code, signal) => resolve({ code, signal })));
  }

  call<T extends HostMessageType>(body: Body<T>, describe: string): Promise<CallValue<T>> {
    if (this.failure) return Promise.reject(this.failure(describe));
    const callId = `e${this.nextCallId++}`;
    const done = new Promise<CallValue<T>>((resolve, reject) => {
      this.pending.set(callId, { type: body.type, describe, resolve: resolve as (v: unknown) => void, reject });
    });
    this.process.postMessage({ ...body, callId });
    return done;
  }

  failAll(makeError: (describe: string) => Error): void {
    this.failure ??= makeError;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(makeError(call.describe));
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  private receive(raw: unknown): void {
    const parsed = WorkerMessage.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn('embeddings worker sent a malformed message', { issues: parsed.error.issues.slice(0, 3) });
      return;
    }
    const message = parsed.data;
    if (message.type === 'log') {
      this.logger[message.level](`[embeddings worker] ${message.message}`);
      return;
    }
    const call = message.callId === null ? undefined : this.pending.get(message.callId);
    if (!call || message.callId === null) {
      if (message.type === 'error') this.logger.warn('embeddings worker error', { ...message.error });
      return;
    }
    this.pending.delete(message.callId);
    if (message.type === 'error') {
      call.reject(new OutpostError(message.error.code, message.error.message, message.error.details));
      return;
    }
    const value = ResultValueSchemas[call.type].safeParse(message.value);
    if (value.success) call.resolve(value.data);
    else call.reject(new OutpostError('internal', `Embeddings worker answered ${call.type} with an invalid value`));
  }
}
