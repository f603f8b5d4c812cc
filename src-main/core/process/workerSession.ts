/**
 * One spawned worker process seen from the host: numbered calls, validated answers, progress and events.
 * Knows nothing about restarts: workerHost decides what a dead worker means. Never throws at its caller.
 */
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { Logger, SpawnedProcess } from '../ports';
import type { CallBody, CallOptions, CallValue, ResultSchemas, WorkerExit, WorkerProtocol } from './workerProtocol';
import { WorkerReply } from './workerWire';

interface PendingCall<E> {
  type: string;
  options: CallOptions<E>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

let sessions = 0;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WorkerSession<M extends { type: string; callId: string }, R extends ResultSchemas<M>, E = never> {
  private readonly pending = new Map<string, PendingCall<E>>();
  private readonly prefix = `w${++sessions}-`;
  private nextCallId = 1;
  /** Set once the session is finished: later calls fail the same way instead of waiting forever. */
  private failure: ((options: CallOptions<E>) => Error) | null = null;
  private readonly unsubscribe: () => void;
  /** Settles once, when the process is gone (registered at spawn so an early exit is never missed). */
  readonly exited: Promise<WorkerExit>;

  constructor(
    readonly child: SpawnedProcess,
    private readonly protocol: WorkerProtocol<M, R, E>,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = child.onMessage((message) => this.receive(message));
    this.exited = new Promise((resolve) => child.onExit((code, signal) => resolve({ code, signal })));
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** What is running now, for crash reports. */
  running(): string[] {
    return [...this.pending.values()].map((call) => call.options.describe);
  }

  call<T extends M['type']>(
    body: CallBody<M, T>,
    options: CallOptions<E>,
  ): { callId: string; done: Promise<CallValue<R, T>> } {
    const callId = `${this.prefix}${this.nextCallId++}`;
    if (this.failure) return { callId, done: Promise.reject(this.failure(options)) };
    const message = this.protocol.messages.safeParse({ ...body, callId });
    if (!message.success) {
      const error = new OutpostError('bad_request', `Invalid ${body.type} for the ${this.label}`, message.error.issues);
      return { callId, done: Promise.reject(error) };
    }
    const done = new Promise<CallValue<R, T>>((resolve, reject) => {
      this.pending.set(callId, { type: body.type, options, resolve: resolve as (value: unknown) => void, reject });
    });
    if (!this.child.postMessage(message.data)) void this.undelivered(callId, options.describe);
    return { callId, done };
  }

  /** Fire-and-forget (cancel, shutdown): its answer is dropped. False when the child is gone. */
  post(body: { type: string }): boolean {
    return this.child.postMessage({ ...body, callId: `${this.prefix}${this.nextCallId++}` });
  }

  /** Stops waiting for one call (its late answer is dropped). */
  abandon(callId: string, error: Error): void {
    const call = this.pending.get(callId);
    if (!call) return;
    this.pending.delete(callId);
    call.reject(error);
  }

  failAll(makeError: (options: CallOptions<E>) => Error): void {
    this.failure ??= makeError;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(makeError(call.options));
  }

  close(): void {
    this.unsubscribe();
  }

  private get label(): string {
    return this.protocol.label.toLowerCase();
  }

  /**
   * The child is gone or going: its exit normally fails this call with the crash reason. A child that only
   * closed its channel is killed, so nothing waits on a process that can no longer answer.
   */
  private async undelivered(callId: string, describe: string): Promise<void> {
    const exited = await Promise.race([this.exited.then(() => true), sleep(1_000).then(() => false)]);
    if (!exited) this.child.kill();
    this.settle(callId, () => {
      throw this.unreachable(describe);
    });
  }

  private unreachable(describe: string): OutpostError {
    return new OutpostError('worker_crashed', `${this.protocol.label} is gone; ${describe} was not delivered`, {
      worker: this.protocol.label,
      running: describe,
    });
  }

  private receive(raw: unknown): void {
    const parsed = WorkerReply.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn(`${this.label} sent a malformed message`, { issues: parsed.error.issues.slice(0, 5) });
      return;
    }
    const message = parsed.data;
    if (message.type === 'log') {
      this.logger[message.level](`[${this.label}] ${message.message}`, message.fields);
      return;
    }
    const callId = message.callId;
    const call = callId === null ? undefined : this.pending.get(callId);
    if (!call || callId === null) {
      if (message.type === 'error') this.logger.warn(`${this.label} error`, { ...message.error });
      return;
    }
    if (message.type === 'progress') this.notify(() => call.options.onProgress?.(message.progress));
    else if (message.type === 'event') this.deliver(call, message.event);
    else if (message.type === 'error') {
      const { code, message: text, details } = message.error;
      this.settle(callId, () => {
        throw new OutpostError(code, text, details);
      });
    } else this.settle(callId, () => this.validate(call.type, message.value));
  }

  private deliver(call: PendingCall<E>, raw: unknown): void {
    const event = this.protocol.events?.safeParse(raw);
    if (!event?.success) {
      this.logger.warn(`${this.label} sent an invalid event`, { call: call.options.describe });
      return;
    }
    this.notify(() => call.options.onEvent?.(event.data));
  }

  /** A throwing caller callback must not break message routing for everyone else. */
  private notify(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.logger.warn(`${this.label} callback threw`, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private validate(type: string, value: unknown): unknown {
    const schema = (this.protocol.results as Record<string, ResultSchemas<M>[M['type']]>)[type];
    const parsed = schema?.safeParse(value);
    if (parsed?.success) return parsed.data;
    throw new OutpostError(
      'internal',
      `${this.protocol.label} answered ${type} with an invalid value`,
      parsed?.error.issues,
    );
  }

  private settle(callId: string, produce: () => unknown): void {
    const call = this.pending.get(callId);
    if (!call) return;
    this.pending.delete(callId);
    try {
      call.resolve(produce());
    } catch (error) {
      call.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
