/** Looks at one model file: present? a GGUF our validator accepts? what does its header say? */
import { stat } from 'node:fs/promises';
import type { ModelMetadata } from '@contract';
import { GgufValidationError, readGgufHeader, type GgufValidationReason } from './ggufHeader';
import { NotALanguageModelError, readModelMetadata } from './ggufMetadata';

export type InvalidReason = GgufValidationReason | 'not_a_language_model' | 'unreadable';

export type Inspection =
  | { kind: 'missing' }
  | {
      kind: 'invalid';
      reason: InvalidReason;
      message: string;
      sizeBytes: number;
      mtimeMs: number;
      /** The metadata key or tensor at fault, when the validator named one. */
      field?: string;
    }
  | { kind: 'valid'; metadata: ModelMetadata; sizeBytes: number; mtimeMs: number };

/** What is already known about the file; metadata is reused when size and mtime are unchanged. */
export interface KnownFile {
  sizeBytes: number;
  mtimeMs: number | null;
  metadata: ModelMetadata | null;
}

const errnoCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

/**
 * Never throws for a bad file: every way a file can be unusable becomes an Inspection. With
 * `trustUnchanged`, a file whose size and mtime match `known` is not read again (start-up scans).
 */
export async function inspectModelFile(
  filePath: string,
  known?: KnownFile,
  { trustUnchanged = false }: { trustUnchanged?: boolean } = {},
): Promise<Inspection> {
  let sizeBytes: number;
  let mtimeMs: number;
  try {
    const stats = await stat(filePath);
    sizeBytes = stats.size;
    mtimeMs = Math.trunc(stats.mtimeMs);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return {
      kind: 'invalid',
      reason: 'unreadable',
      message: `the file cannot be read (${code ?? String(error)})`,
      sizeBytes: 0,
      mtimeMs: 0,
    };
  }
  const unchanged = known?.metadata != null && known.sizeBytes === sizeBytes && known.mtimeMs === mtimeMs;
  if (unchanged && trustUnchanged && known.metadata)
    return { kind: 'valid', metadata: known.metadata, sizeBytes, mtimeMs };
  const invalid = (reason: InvalidReason, message: string, field: string | null = null): Inspection => ({
    kind: 'invalid',
    reason,
    message,
    sizeBytes,
    mtimeMs,
    ...(field === null ? {} : { field }),
  });
  try {
    const header = await readGgufHeader(filePath);
    const metadata = unchanged && known.metadata ? known.metadata : await readModelMetadata(filePath, header);
    return { kind: 'valid', metadata, sizeBytes, mtimeMs };
  } catch (error) {
    if (error instanceof GgufValidationError) return invalid(error.reason, error.message, error.field);
    if (error instanceof NotALanguageModelError) return invalid('not_a_language_model', error.message);
    const code = errnoCode(error);
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code !== undefined) return invalid('unreadable', `the file cannot be read (${code})`);
    // node-llama-cpp's own reader failed on a header ours accepted; its message may quote file bytes, so it stays in the log.
    return invalid('malformed', "the model header could not be read by llama.cpp's GGUF reader");
  }
}
