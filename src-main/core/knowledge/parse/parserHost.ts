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

export class ParserHost {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending: { id: number; worker: Worker; resolve: (r: ParseResult) => void } | null = null;
  private lastExit: string | null = null;

  constructor(private readonly options: ParserHostOptions) {}

  /** One job at a time (the indexer is sequential); resolves with a typed failure, never rejects. */
  async parse(request: ParseRequest, signal?: AbortSignal): Promise<ParseResult> {
    // In-process parsing (no worker entry) loads the parsers (pdf, docx, html) on first use, never at start-up.
    if (!this.options.entry) return (await import('./parseJob')).runParseJob(request, signal);
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ParseResult>((resolve) => {
      const timer = setTimeout(() => {
        this.fail(`Parsing took longer than ${Math.round((this.options.timeoutMs ?? 120_000) / 1000)} s`, 'corrupt');
      }, this.options.timeoutMs ?? 120_000);
      const onAbort = () => this.fail('Parsing was cancelled', 'unreadable');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        id,
        worker,
        resolve: (result) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.pending = null;
          resolve(result);
        },
      };
      worker.postMessage({ id, request });
    });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.pending?.resolve({ ok: false, reason: 'unreadable', message: 'The parser was shut down' });
    await worker?.terminate();
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
      if (this.pending?.worker === worker && this.pending.id === reply.data.id) this.pending.resolve(reply.data.result);
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
      if (this.worker === worker) this.worker = null;
      if (this.pending?.worker === worker) {
        this.pending.resolve({ ok: false, reason: 'corrupt', message: this.lastExit ?? 'The parser thread exited' });
      }
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the current job with a failure and replaces the thread (it may be stuck in native or runaway code). */
  private fail(message: string, reason: 'corrupt' | 'too_large' | 'unreadable'): void {
    const worker = this.worker;
    this.worker = null;
    this.pending?.resolve({ ok: false, reason, message });
    void worker?.terminate();
  }
}
