/** One file's parse + chunk, as the parser thread (or the in-process fallback) runs it. Plain data in and out. */
import { type Chunk, chunkUnits } from '../chunker';
import { type ChunkTokenizer, tokenCounting } from './chunkTokens';
import { parseFile } from './parseFile';
import { type DocumentFormat, type FailureReason, ParseFailure } from './parsedDocument';

export interface ParseRequest {
  path: string;
  format: DocumentFormat;
  maxBytes: number;
  maxTokens: number;
  overlapTokens: number;
  /** The embedding model's tokenizer sizes the chunks; without one, ~4 characters count as a token. */
  tokenizer?: ChunkTokenizer | null;
}

export type ParseResult =
  | { ok: true; format: DocumentFormat; pages: number | null; chunks: Chunk[] }
  | { ok: false; reason: FailureReason; message: string };

export async function runParseJob(request: ParseRequest, signal?: AbortSignal): Promise<ParseResult> {
  try {
    const doc = await parseFile(request.path, request.format, request.maxBytes, signal);
    const tokens = tokenCounting(request.tokenizer);
    const chunks = chunkUnits(doc.units, {
      maxTokens: tokens.budget(request.maxTokens),
      overlapTokens: request.overlapTokens,
      countTokens: tokens.count,
    });
    if (chunks.length === 0) return { ok: false, reason: 'no_text', message: 'No text to index' };
    return { ok: true, format: doc.format, pages: doc.pages, chunks };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, reason: error.reason, message: error.message };
    return { ok: false, reason: 'corrupt', message: error instanceof Error ? error.message : String(error) };
  }
}
