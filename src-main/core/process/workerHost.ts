/**
 * The one layer that hosts a worker process (inference, embeddings): spawns it lazily through the
 * ProcessSpawner port, runs the domain's handshake, correlates validated calls, turns a death into a typed
 * `worker_crashed` naming what ran, restarts with backoff, stops idle workers, and never throws because
 * the child is gone. Domains keep only their own meaning (models held, providers, backends).
 */
import { OutpostError } from '../../../src-preload/contract/envelope';
import { type Clock, type Logger, type ProcessSpawner, systemClock, type WorkerEntry } from '../ports';
import { Listeners } from '../lib/listeners';
import { DEFAULT_RESTART_POLICY, RestartPolicy, type RestartPolicyOptions } from './restartPolicy';
import type { CallBody, CallOptions, CallValue, ResultSchemas, WorkerExit, WorkerProtocol } from './workerProtocol';
import { WorkerSession } from './workerSession';

export type WorkerState = 'stopped' | 'starting' | 'ready' | 'restarting' | 'crashed';

export interface WorkerHostStatus {
  state: WorkerState;
  pid: number | null;
  restarts: number;
  lastError: string | null;
}

/** The fresh worker as the handshake sees it: calls go straight to it, before it counts as ready. */
export interface StartingWorker<M extends { type: string; callId: string }, R extends ResultSchemas<M>> {
  readonly pid: number | null;
  call<T extends M['type']>(body: CallBody<M, T>, describe: string): Promise<CallValue<R, T>>;
}

export interface WorkerHostOptions<M extends { type: string; callId: string }, R extends ResultSchemas<M>, E = never> {
  protocol: WorkerProtocol<M, R, E>;
  spawner: ProcessSpawner;
  entry: WorkerEntry;
  /** Process name in process lists and logs, e.g. "inference". */
  processName: string;
  logger: Logger;
  clock?: Clock;
  restartPolicy?: RestartPolicyOptions;
  /** Stop the worker after this long without a call; absent → it stays up. */
  idleMs?: number;
  /** How long a fresh worker may take to finish its handshake. */
  startTimeoutMs?: number;
  /** How long a worker gets to exit after `shutdown` before it is killed. */
  shutdownGraceMs?: number;
  /** Runs on every fresh worker before any other call (e.g. `init` with the chosen backend). */
  initialize(worker: StartingWorker<M, R>): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WorkerHost<M extends { type: string; callId: string }, R extends ResultSchemas<M>, E = never> {
  private session: WorkerSession<M, R, E> | null = null;
  private starting: Promise<WorkerSession<M, R, E>> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly retiring = new WeakSet<WorkerSession<M, R, E>>();
  private readonly statusListeners: Listeners<WorkerHostStatus>;
  private readonly goneListeners: Listeners<WorkerExit | null>;
  private readonly policy: RestartPolicy;
  private readonly clock: Clock;
  private disposed = false;
  private current: WorkerHostStatus = { state: 'stopped', pid: null, restarts: 0, lastError: null };

  constructor(private readonly options: WorkerHostOptions<M, R, E>) {
    this.policy = new RestartPolicy(options.restartPolicy ?? DEFAULT_RESTART_POLICY);
    this.clock = options.clock ?? systemClock;
    this.statusListeners = new Listeners(options.logger, `${options.protocol.label} status`);
    this.goneListeners = new Listeners(options.logger, `${options.protocol.label} exit`);
  }

  status(): WorkerHostStatus {
    return { ...this.current };
  }

  onStatus(listener: (status: WorkerHostStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  /** Fires when a worker is gone: with its exit when it crashed, with null when it was stopped on purpose. */
  onGone(listener: (crash: WorkerExit | null) => void): () => void {
    return this.goneListeners.add(listener);
  }

  /** Sends one call, starting the worker first if needed; rejects with a typed error, never hangs on a dead child. */
  async call<T extends M['type']>(body: CallBody<M, T>, options: CallOptions<E>): Promise<CallValue<R, T>> {
    if (options.signal?.aborted && !options.cancel) throw this.aborted(options.describe);
    const session = await this.ready();
    return this.send(session, body, options);
  }

  /** The same, but only on a worker that is already ready: resolves null instead of starting one. */
  async callIfReady<T extends M['type']>(
    body: CallBody<M, T>,
    options: CallOptions<E>,
  ): Promise<CallValue<R, T> | null> {
    const session = this.session;
    if (!session || this.starting || this.current.state !== 'ready') return null;
    return this.send(session, body, options);
  }

  /** Brings a worker up now (e.g. after a backend switch) instead of on the next call. */
  async start(): Promise<void> {
    await this.ready();
  }

  /** Stops the running worker on purpose (shutdown, then kill if it lingers); the next call starts a fresh one. */
  async stop(makeError: (describe: string) => Error): Promise<void> {
    await this.stopSession(makeError);
    this.policy.reset();
    this.setStatus({ state: 'stopped', pid: null });
  }

  /**
   * Kills a worker that stopped answering (stuck in JS or native code) without the shutdown handshake it
   * could not process; its calls fail as in a crash (with their crashError) and it restarts with backoff.
   */
  terminate(): boolean {
    const session = this.session;
    if (!session) return false;
    this.options.logger.warn(`${this.options.protocol.label} is not answering; killing it`, { pid: session.child.pid });
    session.child.kill();
    return true;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const label = this.options.protocol.label;
    await this.stopSession((what) => new OutpostError('unavailable', `${label} was disposed during ${what}`));
    this.setStatus({ state: 'stopped', pid: null });
  }

  private send<T extends M['type']>(
    session: WorkerSession<M, R, E>,
    body: CallBody<M, T>,
    options: CallOptions<E>,
  ): Promise<CallValue<R, T>> {
    this.clearIdle();
    const { callId, done } = session.call(body, options);
    const { signal, cancel } = options;
    const onAbort = () => {
      const message = cancel?.(callId);
      if (message) session.post(message);
      else session.abandon(callId, this.aborted(options.describe));
    };
    if (signal) {
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    return done.finally(() => {
      signal?.removeEventListener('abort', onAbort);
      if (this.session === session && !session.busy) this.armIdle();
    });
  }

  private aborted(describe: string): OutpostError {
    return new OutpostError('aborted', `${describe} was cancelled`);
  }

  private ready(): Promise<WorkerSession<M, R, E>> {
    if (this.disposed)
      return Promise.reject(new OutpostError('unavailable', `${this.options.protocol.label} is disposed`));
    if (this.starting) return this.starting;
    if (this.session) return Promise.resolve(this.session);
    if (this.restartTimer) clearTimeout(this.restartTimer); // a caller is waiting: skip the rest of the backoff
    this.restartTimer = null;
    if (this.current.state === 'crashed') this.policy.reset();
    return this.spawn(this.current.state === 'restarting' ? 'restarting' : 'starting');
  }

  private spawn(state: 'starting' | 'restarting'): Promise<WorkerSession<M, R, E>> {
    const { spawner, entry, processName, logger, protocol } = this.options;
    const child = spawner.spawn(entry.modulePath, {
      name: processName,
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
    });
    const session = new WorkerSession(child, protocol, logger);
    this.session = session;
    this.setStatus({ state, pid: session.pid });
    void session.exited.then((exit) => this.onExit(session, exit));
    const starting = this.handshake(session).finally(() => {
      if (this.starting === starting) this.starting = null;
    });
    this.starting = starting;
    return starting;
  }

  private async handshake(session: WorkerSession<M, R, E>): Promise<WorkerSession<M, R, E>> {
    const { label } = this.options.protocol;
    const timeoutMs = this.options.startTimeoutMs ?? 120_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const message = `${label} did not start within ${Math.round(timeoutMs / 1000)} s`;
      timer = setTimeout(() => reject(new OutpostError('unavailable', message)), timeoutMs);
    });
    const worker: StartingWorker<M, R> = {
      pid: session.pid,
      call: (body, describe) => session.call(body, { describe }).done,
    };
    try {
      await Promise.race([this.options.initialize(worker), timeout]);
      if (this.session !== session) throw new OutpostError('unavailable', `${label} was replaced while starting`);
      this.setStatus({ state: 'ready', pid: session.pid });
      this.armIdle();
      return session;
    } catch (error) {
      // A crash during startup is handled by onExit; anything else (init refused, timeout) stops here.
      if (this.session === session) {
        const message = error instanceof Error ? error.message : String(error);
        await this.stopSession(() => new OutpostError('unavailable', message));
        this.setStatus({ state: 'crashed', pid: null, lastError: message });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private onExit(session: WorkerSession<M, R, E>, exit: WorkerExit): void {
    session.close();
    if (this.session !== session || this.retiring.has(session)) return;
    this.session = null;
    this.clearIdle();
    const { label } = this.options.protocol;
    const reason = `${label} exited unexpectedly (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`})`;
    const running = session.running();
    session.failAll(
      (call) =>
        call.crashError?.(exit, call.describe) ??
        new OutpostError('worker_crashed', `${reason} during ${call.describe}`, {
          ...exit,
          worker: label,
          running: call.describe,
        }),
    );
    this.options.logger.error(reason, { ...exit, running: running.slice(0, 5), inFlight: running.length });
    this.goneListeners.emit(exit);
    const delay = this.policy.onCrash(this.clock.now());
    if (delay === null) {
      const lastError = `${reason}; not restarting after repeated crashes until the next request`;
      this.setStatus({ state: 'crashed', pid: null, lastError });
      return;
    }
    this.setStatus({ state: 'restarting', pid: null, restarts: this.current.restarts + 1, lastError: reason });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.disposed || this.session) return;
      this.spawn('restarting').catch((error: unknown) =>
        this.options.logger.warn(`${label} restart failed`, { error: String(error) }),
      );
    }, delay);
  }

  /** Ends the current worker on purpose: its calls fail with `makeError`, then shutdown, then kill if it lingers. */
  private async stopSession(makeError: (describe: string) => Error): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.clearIdle();
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.starting = null;
    this.retiring.add(session);
    session.failAll((call) => makeError(call.describe));
    this.goneListeners.emit(null);
    session.post({ type: 'shutdown' });
    const exited = session.exited.then(() => true);
    if (!(await Promise.race([exited, sleep(this.options.shutdownGraceMs ?? 3_000).then(() => false)]))) {
      session.child.kill();
      await Promise.race([exited, sleep(2_000)]);
    }
    session.close();
  }

  private armIdle(): void {
    const idleMs = this.options.idleMs;
    if (idleMs === undefined) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.session || this.starting || this.session.busy) return;
      const label = this.options.protocol.label;
      void this.stop((what) => new OutpostError('aborted', `${label} stopped while idle during ${what}`));
    }, idleMs);
    this.idleTimer.unref?.();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private setStatus(patch: Partial<WorkerHostStatus>): void {
    this.current = { ...this.current, ...patch };
    this.statusListeners.emit(this.status());
  }
}
