/**
 * One indexing pass over a base: scan its sources, diff against the stored files by size/mtime then content
 * hash (touched files and renames cost no parsing; removed files drop their chunks), then parse, chunk, store
 * and embed each pending file. Stops between files when aborted; pending rows make it resume after a restart.
 */
import path from 'node:path';
import type { KnowledgeFileReason, KnowledgeProgress } from '../../../src-preload/contract/knowledge';
import type { Logger } from '../ports';
import type { BaseStore } from './baseStore';
import type { ChunkStore } from './chunkStore';
import type { FileRow, FileStore } from './fileStore';
import type { KnowledgeLimits } from './knowledgeLimits';
import type { KnowledgeVectors } from './knowledgeVectors';
import type { ChunkTokenizer } from './parse/chunkTokens';
import type { ParserHost } from './parse/parserHost';
import { formatOf } from './parse/formats';
import { hashFile, type ScannedFile, scanSource } from './scanner';

export interface IndexerDeps {
  bases: BaseStore;
  files: FileStore;
  chunks: ChunkStore;
  vectors: KnowledgeVectors;
  parser: ParserHost;
  limits: () => KnowledgeLimits;
  /** The embedding model's tokenizer, which sizes the chunks (null: estimated). */
  tokenizer: () => ChunkTokenizer | null;
  /** Granted folders (real paths) at the time of the pass. */
  roots: () => string[];
  logger: Logger;
  now: () => number;
}

export type ProgressSink = (progress: Omit<KnowledgeProgress, 'unembedded'>) => void;

export async function scanBase(d: IndexerDeps, baseId: string, signal: AbortSignal): Promise<void> {
  const limits = d.limits();
  const roots = d.roots();
  const stored = new Map(d.files.byBase(baseId).map((f) => [f.path, f]));
  const seen = new Set<string>();
  const candidates: { sourceId: number; file: ScannedFile; row: FileRow | undefined }[] = [];
  let accepted = 0;
  for (const source of d.bases.sources(baseId)) {
    const scanned = await scanSource(source, roots, signal);
    if (signal.aborted) return;
    for (const file of scanned) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      const row = stored.get(file.path);
      const verdict = (reason: KnowledgeFileReason, detail: string | null) => {
        if (row?.reason !== reason || row.size !== file.size || row.mtimeMs !== file.mtimeMs) {
          d.vectors.remove(row ? d.chunks.idsOfFiles([row.id]) : []);
          d.files.markVerdict(baseId, source.id, file, reason, detail);
        }
      };
      if (file.skip) {
        verdict(file.skip, null);
        continue;
      }
      if (file.size > limits.maxFileBytes) {
        verdict('too_large', `larger than ${limits.maxFileBytes} bytes`);
        continue;
      }
      if (++accepted > limits.maxFilesPerBase) {
        verdict('file_cap', `a base indexes at most ${limits.maxFilesPerBase} files`);
        continue;
      }
      candidates.push({ sourceId: source.id, file, row });
    }
  }
  // Files no source lists any more; a new file with the same content is the same file renamed.
  const removed = new Map<string, FileRow>();
  for (const row of stored.values()) if (!seen.has(row.path)) removed.set(row.path, row);
  const removedByHash = new Map<string, FileRow>();
  for (const row of removed.values()) if (row.hash && row.status === 'indexed') removedByHash.set(row.hash, row);
  for (const { sourceId, file, row } of candidates) {
    if (signal.aborted) return;
    // A file that was over a cap (or listed as outside a grant) earlier gets another look now.
    const verdictOnly = row?.reason === 'file_cap' || row?.reason === 'too_large' || row?.reason === 'outside_grant';
    const unchanged = row && row.status !== 'pending' && row.size === file.size && row.mtimeMs === file.mtimeMs;
    if (unchanged && !verdictOnly) continue;
    let hash: string;
    try {
      hash = await hashFile(file.path);
    } catch {
      d.files.markPending(baseId, sourceId, file.path, file.size, file.mtimeMs); // the parser reports why
      continue;
    }
    if (row && row.hash === hash && row.status === 'indexed') {
      d.files.updateStat(row.id, file.size, file.mtimeMs); // touched, not changed
      continue;
    }
    const renamed = row ? undefined : removedByHash.get(hash);
    if (renamed) {
      removedByHash.delete(hash);
      removed.delete(renamed.path);
      d.files.move(renamed.id, sourceId, file.path, file.mtimeMs);
      continue;
    }
    d.files.markPending(baseId, sourceId, file.path, file.size, file.mtimeMs);
  }
  const gone = [...removed.values()];
  d.vectors.remove(d.chunks.idsOfFiles(gone.map((r) => r.id)));
  d.files.delete(gone.map((r) => r.id));
  if (gone.length > 0) d.bases.touch(baseId);
}

/** Parses, chunks, stores and embeds the base's pending files, reporting progress after each. */
export async function indexPending(d: IndexerDeps, baseId: string, signal: AbortSignal, onProgress: ProgressSink) {
  const pending = d.files.pending(baseId);
  const limits = d.limits();
  const started = d.now();
  let done = 0;
  let chunks = d.files.counts(baseId).chunks;
  const report = (currentFile: string | null) => {
    const elapsed = d.now() - started;
    const etaMs = done > 0 ? Math.round((elapsed / done) * (pending.length - done)) : null;
    onProgress({ baseId, state: 'indexing', filesDone: done, filesTotal: pending.length, chunks, currentFile, etaMs });
  };
  for (const file of pending) {
    if (signal.aborted) return;
    report(path.basename(file.path));
    await indexFile(d, file, limits, signal);
    if (signal.aborted) return;
    done++;
    chunks = d.files.counts(baseId).chunks;
    report(null);
  }
}

async function indexFile(d: IndexerDeps, file: FileRow, limits: KnowledgeLimits, signal: AbortSignal): Promise<void> {
  const kind = formatOf(file.path);
  if (!kind) {
    d.files.finish(file.id, {
      status: 'skipped',
      reason: 'unsupported',
      detail: null,
      hash: null,
      format: null,
      chunks: 0,
      pages: null,
    });
    return;
  }
  let hash: string | null = null;
  try {
    hash = await hashFile(file.path);
  } catch {
    // unreadable now: the parser says why
  }
  const result = await d.parser.parse(
    {
      path: file.path,
      format: kind,
      maxBytes: limits.maxFileBytes,
      maxTokens: limits.chunkTokens,
      overlapTokens: limits.overlapTokens,
      tokenizer: d.tokenizer(),
    },
    signal,
  );
  if (signal.aborted) return;
  if (!result.ok) {
    const old = d.chunks.idsOfFiles([file.id]);
    d.vectors.remove(old);
    d.chunks.replace(file.baseId, file.id, []);
    d.files.finish(file.id, {
      status: 'failed',
      reason: result.reason,
      detail: result.message,
      hash,
      format: kind,
      chunks: 0,
      pages: null,
    });
    return;
  }
  const existing = d.chunks.idsOfFiles([file.id]).length;
  if (d.chunks.total() - existing + result.chunks.length > limits.maxTotalChunks) {
    d.files.finish(file.id, {
      status: 'skipped',
      reason: 'chunk_cap',
      detail: `the knowledge index holds at most ${limits.maxTotalChunks} chunks`,
      hash,
      format: kind,
      chunks: 0,
      pages: result.pages,
    });
    return;
  }
  d.vectors.remove(d.chunks.idsOfFiles([file.id]));
  const ids = d.chunks.replace(file.baseId, file.id, result.chunks);
  await d.vectors.embedChunks(
    file.baseId,
    ids.map((id, i) => ({ id, text: result.chunks[i]!.text })),
    signal,
  );
  d.files.finish(file.id, {
    status: 'indexed',
    reason: null,
    detail: null,
    hash,
    format: result.format,
    chunks: ids.length,
    pages: result.pages,
  });
}
