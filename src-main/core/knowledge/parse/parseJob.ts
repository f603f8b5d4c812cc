/** One file's parse + chunk, as the parser thread (or the in-process fallback) runs it. Plain data in and out. */
import { type Chunk, approximateTokens, chunkUnits } from '../chunker';
import { parseFile } from './parseFile';
import { type DocumentFormat, type FailureReason, ParseFailure } from './parsedDocument';

export interface ParseRequest {
  path: string;
  format: DocumentFormat;
  maxBytes: number;
  maxTokens: number;
  overlapTokens: number;
}

export type ParseResult =
  | { ok: true; format: DocumentFormat; pages: number | null; chunks: Chunk[] }
  | { ok: false; reason: FailureReason; message: string };

export async function runParseJob(request: ParseRequest, signal?: AbortSignal): Promise<ParseResult> {
  try {
    const doc = await parseFile(request.path, request.format, request.maxBytes, signal);
    const chunks = chunkUnits(doc.units, {
      maxTokens: request.maxTokens,
      overlapTokens: request.overlapTokens,
      countTokens: approximateTokens,
    });
    if (chunks.length === 0) return { ok: false, reason: 'no_text', message: 'No text to index' };
    return { ok: true, format: doc.format, pages: doc.pages, chunks };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, reason: error.reason, message: error.message };
    return { ok: false, reason: 'corrupt', message: error instanceof Error ? error.message : String(error) };
  }
}
