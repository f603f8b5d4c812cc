/**
 * Runs parse jobs on a worker thread with a heap cap (a zip bomb or a hostile PDF exhausts the thread, not the
 * app) and a time limit; a dead or stuck thread fails that file with a typed reason and is replaced.
 * Without a worker entry (tests, tools) jobs run in-process.
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { Logger } from '../../ports';
import type { ParseRequest, ParseResult } from './parseJob';

export interface ParserEntry {
  modulePath: string;
  /** A module whose `register()` runs first in the thread; tests pass tsx's so the entry can be TypeScript source. */
  register?: string;
}

export interface ParserHostOptions {
  entry: ParserEntry | null;
  logger: Logger;
  heapMb?: number;
  timeoutMs?: number;
}

const ChunkShape = z.object({
  text: z.string(),
  page: z.number().int().nullable(),
  headings: z.array(z.string()),
  lineStart: z.number().int().nullable(),
  lineEnd: z.number().int().nullable(),
  charStart: z.number().int(),
  charEnd: z.number().int(),
  tokens: z.number().int(),
});
const Reply = z.object({
  id: z.number().int(),
  result: z.discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      format: z.enum(['pdf', 'docx', 'markdown', 'text', 'html', 'csv', 'tsv', 'code']),
      pages: z.number().int().nullable(),
      chunks: z.array(ChunkShape),
    }),
    z.object({
      ok: z.literal(false),
      reason: z.enum(['encrypted', 'corrupt', 'too_large', 'no_text', 'permission_denied', 'unreadable']),
      message: z.string(),
    }),
  ]),
});

/** A queued job: the thread runs jobs in the order sent, so the head of the queue is the one running. */
interface Job {
  id: number;
  request: ParseRequest;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  resolve: (result: ParseResult) => void;
}

export class ParserHost {
  private worker: Worker | null = null;
  private nextId = 1;
  private queue: Job[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastExit: string | null = null;

  constructor(private readonly options: ParserHostOptions) {}

  /**
   * Queues a job; the thread parses queued files back to back (the indexer asks ahead, so the thread never waits
   * for a round trip). Resolves with a typed failure, never rejects.
   */
  async parse(request: ParseRequest, signal?: AbortSignal): Promise<ParseResult> {
    // In-process parsing (no worker entry) loads the parsers (pdf, docx, html) on first use, never at start-up.
    if (!this.options.entry) return (await import('./parseJob')).runParseJob(request, signal);
    if (signal?.aborted) return CANCELLED;
    return new Promise<ParseResult>((resolve) => {
      const job: Job = { id: this.nextId++, request, signal, resolve, onAbort: () => this.cancel(job) };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.post(job);
      if (this.queue.length === 1) this.startTimer();
    });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const job of [...this.queue]) this.settle(job, { ok: false, reason: 'unreadable', message: 'The parser was shut down' }); // prettier-ignore
    await worker?.terminate();
  }

  private post(job: Job): void {
    this.ensureWorker().postMessage({ id: job.id, request: job.request });
  }

  /** The time limit runs for the job the thread is on (the head), from when it got there. */
  private startTimer(): void {
    const ms = this.options.timeoutMs ?? 120_000;
    this.timer = setTimeout(() => this.fail(`Parsing took longer than ${Math.round(ms / 1000)} s`, 'corrupt'), ms);
  }

  private settle(job: Job, result: ParseResult): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return;
    this.queue.splice(index, 1);
    job.signal?.removeEventListener('abort', job.onAbort);
    if (index === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      if (this.queue.length > 0) this.startTimer();
    }
    job.resolve(result);
  }

  /** A cancelled running job stops the thread (it may be deep in a parser); a waiting one just leaves the queue. */
  private cancel(job: Job): void {
    if (this.queue[0] !== job) return this.settle(job, CANCELLED);
    // Jobs stopped by the same signal (a paused pass) leave with it rather than restart a thread each.
    for (const other of this.queue.slice(1)) if (other.signal?.aborted) this.settle(other, CANCELLED);
    this.fail(CANCELLED.message, CANCELLED.reason);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const entry = this.options.entry!;
    const resourceLimits = { maxOldGenerationSizeMb: this.options.heapMb ?? 1024 };
    const worker = entry.register
      ? new Worker(
          `import(${JSON.stringify(entry.register)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.modulePath)}); })`,
          { eval: true, resourceLimits },
        )
      : new Worker(entry.modulePath, { resourceLimits });
    worker.unref();
    worker.on('message', (raw: unknown) => {
      const reply = Reply.safeParse(raw);
      if (!reply.success) {
        this.options.logger.warn('knowledge parser sent a malformed reply');
        return;
      }
      if (this.worker !== worker) return;
      const job = this.queue.find((j) => j.id === reply.data.id);
      if (job) this.settle(job, reply.data.result);
    });
    worker.on('error', (error) => {
      this.lastExit = error.message;
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.options.logger.warn('knowledge parser thread failed', { error: error.message });
      if (this.worker !== worker) return;
      this.fail(
        outOfMemory ? 'The file needs more memory to parse than allowed' : `The parser failed: ${error.message}`,
        outOfMemory ? 'too_large' : 'corrupt',
      );
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(this.lastExit ?? 'The parser thread exited', 'corrupt');
    });
    this.worker = worker;
    return worker;
  }

  /**
   * Fails the running job (the head) and replaces the thread (it may be stuck in native or runaway code); the
   * jobs queued behind it go to the new thread.
   */
  private fail(message: string, reason: 'corrupt' | 'too_large' | 'unreadable'): void {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    const head = this.queue[0];
    if (head) this.settle(head, { ok: false, reason, message });
    for (const job of this.queue) this.post(job);
  }
}

const CANCELLED = { ok: false, reason: 'unreadable', message: 'Parsing was cancelled' } as const;
