/**
 * Parses, chunks, stores and embeds a base's pending files as a pipeline: the parser thread works on the next
 * files while the embeddings worker embeds the chunks of the files before them, and chunks of many files share
 * one embedding call and one transaction. A file becomes "indexed" only once its chunks have vectors.
 */
import path from 'node:path';
import { MAX_TEXTS_PER_CALL } from '../embeddings/protocol';
import { storageTarget, writeTransaction } from '../storage/transactions';
import type { Chunk } from './chunker';
import type { FileRow, Outcome } from './fileStore';
import type { IndexerDeps, ProgressSink } from './indexer';
import type { KnowledgeLimits } from './knowledgeLimits';
import { formatOf } from './parse/formats';
import type { ParseResult } from './parse/parseJob';
import type { DocumentFormat } from './parse/parsedDocument';
import { hashFile } from './scanner';

/** A parsed file waiting for its chunks to be stored and embedded. */
interface Parsed {
  file: FileRow;
  chunks: Chunk[];
  outcome: Outcome;
  /** How many chunks the file had before (they are replaced). */
  existing: number;
}

/** One embedding call's worth: the worker's own cap per call, which its batching fills best. */
const BATCH_CHUNKS = MAX_TEXTS_PER_CALL;
/** Files asked of the parser ahead of the one being stored: enough to hide a round trip, few to hold. */
const PARSE_AHEAD = 8;

export async function indexPending(d: IndexerDeps, baseId: string, signal: AbortSignal, onProgress: ProgressSink) {
  const pending = d.files.pending(baseId);
  const limits = d.limits();
  const started = d.now();
  let done = 0;
  let chunks = d.files.counts(baseId).chunks;
  // Kept in memory for the pass: counting the whole chunk table per file grew with the index.
  let totalChunks = d.chunks.total();
  const report = (currentFile: string | null) => {
    const elapsed = d.now() - started;
    const etaMs = done > 0 ? Math.round((elapsed / done) * (pending.length - done)) : null;
    onProgress({ baseId, state: 'indexing', filesDone: done, filesTotal: pending.length, chunks, currentFile, etaMs });
  };

  // The batch being embedded (at most one: the worker runs one call at a time) and the files queued behind it.
  const flight: { job: { promise: Promise<void>; settled: boolean } | null } = { job: null };
  let queued: Parsed[] = [];
  let queuedChunks = 0;
  const send = () => {
    const batch = queued;
    queued = [];
    queuedChunks = 0;
    const job = { promise: Promise.resolve(), settled: false };
    job.promise = storeAndEmbed(d, baseId, batch, signal).then(() => {
      if (signal.aborted) return;
      done += batch.length;
      chunks = d.files.counts(baseId).chunks;
      report(null);
    });
    job.promise.then(
      () => (job.settled = true),
      () => (job.settled = true), // awaited (and rethrown) below; this only marks it handled
    );
    flight.job = job;
  };
  // Waits for the batch in flight (rethrowing its failure), then sends what queued up meanwhile.
  const drain = async () => {
    if (flight.job) await flight.job.promise;
    flight.job = null;
    if (queued.length > 0 && !signal.aborted) send();
  };

  // The parser thread gets the next files before it needs them, so it never waits for a round trip.
  const ahead: Promise<RawParse>[] = [];
  let asked = 0;
  for (const file of pending) {
    if (signal.aborted) break;
    while (asked < pending.length && ahead.length < PARSE_AHEAD) {
      const job = parseRaw(d, pending[asked++]!, limits, signal);
      job.catch(() => undefined); // awaited in order below; a pass stopped early leaves it unawaited
      ahead.push(job);
    }
    report(path.basename(file.path));
    const raw = await ahead.shift()!;
    if (signal.aborted) break;
    const parsed = classify(d, file, raw, limits, totalChunks, signal);
    if (parsed.outcome.status !== 'indexed') {
      d.files.finish(file.id, parsed.outcome); // failed or skipped: nothing to embed
      done++;
      report(null);
    } else {
      totalChunks += parsed.chunks.length - parsed.existing;
      queued.push(parsed);
      queuedChunks += parsed.chunks.length;
    }
    // Keep the worker busy: a free worker takes what is queued, a full queue waits for it.
    const job = flight.job;
    if (job?.settled || (job && queuedChunks >= BATCH_CHUNKS)) await drain();
    else if (!job && queued.length > 0) send();
  }
  while (flight.job) await drain();
}

/** A file's parse result and content hash, before any database work (which runs in file order). */
interface RawParse {
  kind: DocumentFormat | null;
  hash: string | null;
  result: ParseResult | null;
}

async function parseRaw(d: IndexerDeps, file: FileRow, limits: KnowledgeLimits, signal: AbortSignal) {
  const kind = formatOf(file.path);
  if (!kind) return { kind, hash: null, result: null };
  const request = {
    path: file.path,
    format: kind,
    maxBytes: limits.maxFileBytes,
    maxTokens: limits.chunkTokens,
    overlapTokens: limits.overlapTokens,
    tokenizer: d.tokenizer(),
  };
  const [hash, result] = await Promise.all([
    hashFile(file.path).catch(() => null), // unreadable now: the parser says why
    d.parser.parse(request, signal),
  ]);
  return { kind, hash, result };
}

/** The outcome of one parsed file: indexed (chunks to store), failed or skipped. */
function classify(
  d: IndexerDeps,
  file: FileRow,
  { kind, hash, result }: RawParse,
  limits: KnowledgeLimits,
  totalChunks: number,
  signal: AbortSignal,
): Parsed {
  const outcome = (o: Omit<Outcome, 'hash' | 'format'> & Partial<Outcome>): Outcome => ({
    hash: null,
    format: kind,
    ...o,
  });
  if (!kind || !result) {
    return {
      file,
      existing: 0,
      chunks: [],
      outcome: outcome({ status: 'skipped', reason: 'unsupported', detail: null, chunks: 0, pages: null }),
    };
  }
  if (!result.ok) {
    if (!signal.aborted) {
      d.vectors.remove(d.chunks.idsOfFiles([file.id]));
      d.chunks.replace(file.baseId, file.id, []);
    }
    return {
      file,
      existing: 0,
      chunks: [],
      outcome: outcome({
        status: 'failed',
        reason: result.reason,
        detail: result.message,
        hash,
        chunks: 0,
        pages: null,
      }),
    };
  }
  const existing = d.chunks.idsOfFiles([file.id]).length;
  if (totalChunks - existing + result.chunks.length > limits.maxTotalChunks) {
    return {
      file,
      existing,
      chunks: [],
      outcome: outcome({
        status: 'skipped',
        reason: 'chunk_cap',
        detail: `the knowledge index holds at most ${limits.maxTotalChunks} chunks`,
        hash,
        chunks: 0,
        pages: result.pages,
      }),
    };
  }
  return {
    file,
    existing,
    chunks: result.chunks,
    outcome: outcome({
      status: 'indexed',
      reason: null,
      detail: null,
      hash,
      format: result.format,
      chunks: result.chunks.length,
      pages: result.pages,
      chunkedWith: d.chunkingKey,
    }),
  };
}

/** One transaction stores the batch's chunks, one embedding call embeds them, one transaction finishes the files. */
async function storeAndEmbed(d: IndexerDeps, baseId: string, batch: readonly Parsed[], signal: AbortSignal) {
  const target = storageTarget(d.db);
  const stored = writeTransaction(target, 'save the passages', () =>
    batch.flatMap((p) => {
      d.vectors.remove(d.chunks.idsOfFiles([p.file.id]));
      const ids = d.chunks.replace(baseId, p.file.id, p.chunks);
      return ids.map((id, i) => ({ id, text: p.chunks[i]!.text }));
    }),
  );
  await d.vectors.embedChunks(baseId, stored, signal);
  if (signal.aborted) return; // the files stay pending: the next pass parses them again
  writeTransaction(target, 'finish the indexed files', () => {
    for (const p of batch) d.files.finish(p.file.id, p.outcome);
  });
}
