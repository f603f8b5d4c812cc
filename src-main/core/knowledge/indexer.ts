/**
 * The scan of an indexing pass over a base: list its sources, diff against the stored files by size/mtime then
 * content hash (touched files and renames cost no parsing; removed files drop their chunks) and mark what needs
 * parsing pending (`indexPending.ts` does the rest). Pending rows make an interrupted pass resume after a restart.
 */
import type { Database } from 'better-sqlite3';
import type { KnowledgeFileReason, KnowledgeProgress } from '../../../src-preload/contract/knowledge';
import type { Logger } from '../ports';
import type { BaseStore } from './baseStore';
import type { ChunkStore } from './chunkStore';
import type { FileRow, FileStore } from './fileStore';
import type { KnowledgeLimits } from './knowledgeLimits';
import type { KnowledgeVectors } from './knowledgeVectors';
import type { ChunkTokenizer } from './parse/chunkTokens';
import type { ParserHost } from './parse/parserHost';
import { storageTarget, writeTransaction } from '../storage/transactions';
import { hashFile, type ScannedFile, scanSource } from './scanner';

export interface IndexerDeps {
  db: Database;
  bases: BaseStore;
  files: FileStore;
  chunks: ChunkStore;
  vectors: KnowledgeVectors;
  parser: ParserHost;
  limits: () => KnowledgeLimits;
  /** The embedding model's tokenizer, which sizes the chunks (null: estimated). */
  tokenizer: () => ChunkTokenizer | null;
  /** That tokenizer's chunking key: indexed files chunked under another are re-chunked. */
  chunkingKey: string;
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
  // The pass's writes, applied in one transaction at the end (one commit per file made a large scan slow).
  const writes: (() => void)[] = [];
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
          writes.push(() => {
            d.vectors.remove(row ? d.chunks.idsOfFiles([row.id]) : []);
            d.files.markVerdict(baseId, source.id, file, reason, detail);
          });
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
    // Chunks sized by another tokenizer (the embedding model changed): parse again, whatever the bytes say.
    const rechunk = row?.status === 'indexed' && row.chunkedWith !== d.chunkingKey;
    if (unchanged && !verdictOnly && !rechunk) continue;
    const pending = () => writes.push(() => d.files.markPending(baseId, sourceId, file.path, file.size, file.mtimeMs));
    // The hash only matters against an indexed row (a touch) or a removed one (a rename); the parse hashes anyway.
    const compare = row ? row.status === 'indexed' && row.hash !== null : removedByHash.size > 0;
    if (!compare || rechunk) {
      pending();
      continue;
    }
    let hash: string;
    try {
      hash = await hashFile(file.path);
    } catch {
      pending(); // the parser reports why
      continue;
    }
    if (row && row.hash === hash && row.status === 'indexed') {
      writes.push(() => d.files.updateStat(row.id, file.size, file.mtimeMs)); // touched, not changed
      continue;
    }
    const renamed = row ? undefined : removedByHash.get(hash);
    if (renamed) {
      removedByHash.delete(hash);
      removed.delete(renamed.path);
      writes.push(() => d.files.move(renamed.id, sourceId, file.path, file.mtimeMs));
      continue;
    }
    pending();
  }
  if (signal.aborted) return;
  const gone = [...removed.values()];
  writeTransaction(storageTarget(d.db), 'save the scanned files', () => {
    for (const write of writes) write();
    d.vectors.remove(d.chunks.idsOfFiles(gone.map((r) => r.id)));
    d.files.delete(gone.map((r) => r.id));
    if (gone.length > 0) d.bases.touch(baseId);
  });
}
