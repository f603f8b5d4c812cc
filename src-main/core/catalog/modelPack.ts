/**
 * Model packs for air-gapped machines: a folder (or an uncompressed .tar of one) holding `outpost-pack.json`
 * and the GGUF files it lists. Every file is checked (plain file, SHA-256, GGUF header) before anything is
 * registered, and a failed install rolls back what it had registered.
 */
import { lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutpostError } from '@contract';
import { GgufValidationError, readGgufHeader } from '../models/ggufHeader';
import { requireAbsolutePath } from '../models/modelFiles';
import {
  checkPackFile,
  checkPlainFileName,
  MODEL_PACK_MANIFEST,
  packError,
  readManifest,
  sha256OfFile,
} from './packFiles';
import { extractTar, type TarLimits } from './tarExtract';

export { MODEL_PACK_MANIFEST } from './packFiles';

export interface VerifiedPackFile {
  /** As listed in the manifest. */
  file: string;
  path: string;
  name: string | null;
  sizeBytes: number;
  sha256: string;
}

export interface VerifiedModelPack {
  dir: string;
  files: VerifiedPackFile[];
  /** Removes the folder a .tar was unpacked into; does nothing for a folder pack. */
  dispose(): Promise<void>;
}

export interface PackProgress {
  phase: 'unpacking' | 'verifying';
  file: string | null;
  doneBytes: number;
  totalBytes: number;
}

export interface ReadModelPackOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PackProgress) => void;
  /** Where a .tar pack is unpacked (in a fresh temporary folder); required for .tar packs. */
  extractRoot?: string;
  tarLimits?: Partial<TarLimits>;
}

export async function readModelPack(packPath: string, options: ReadModelPackOptions = {}): Promise<VerifiedModelPack> {
  const resolved = requireAbsolutePath(packPath, 'The model pack');
  const info = await lstat(resolved).catch(() => null);
  if (info === null) throw packError('bad_request', `The model pack ${resolved} does not exist`, resolved);
  if (info.isDirectory()) {
    const files = await verifyPackFolder(resolved, options);
    return { dir: resolved, files, dispose: async () => {} };
  }
  if (!info.isFile() || !resolved.toLowerCase().endsWith('.tar')) {
    throw packError(
      'bad_request',
      `${path.basename(resolved)} is neither a model pack folder nor a .tar of one`,
      resolved,
    );
  }
  if (options.extractRoot === undefined) {
    throw packError('bad_request', 'A folder to unpack .tar model packs into was not given', resolved);
  }
  const extractRoot = options.extractRoot;
  const tempDir = await mkdir(extractRoot, { recursive: true })
    .then(() => mkdtemp(path.join(extractRoot, '.outpost-pack-')))
    .catch((error: unknown) => {
      const why = `Could not make a folder to unpack into under ${extractRoot}: ${String(error)}`;
      throw new OutpostError('storage_error', why, { file: extractRoot });
    });
  const dispose = () => rm(tempDir, { recursive: true, force: true });
  try {
    await extractTar(resolved, tempDir, {
      signal: options.signal,
      limits: options.tarLimits,
      onProgress: (doneBytes, totalBytes) =>
        options.onProgress?.({ phase: 'unpacking', file: null, doneBytes, totalBytes }),
    });
    const dir = await findPackRoot(tempDir, resolved);
    const files = await verifyPackFolder(dir, options);
    return { dir, files, dispose };
  } catch (error) {
    await dispose();
    throw toPackError(error, resolved, options.signal);
  }
}

/** Verifies the pack, then registers every file; if one registration fails, the earlier ones are removed. */
export async function installModelPack<T extends { id: string }>(
  pack: VerifiedModelPack,
  registry: {
    register(
      sourcePath: string,
      mode: 'copy',
      signal?: AbortSignal,
      onProgress?: (done: number, total: number) => void,
    ): Promise<T>;
    remove(id: string): Promise<unknown>;
  },
  options: { signal?: AbortSignal; onProgress?: (file: string, done: number, total: number) => void } = {},
): Promise<T[]> {
  const installed: T[] = [];
  try {
    for (const file of pack.files) {
      const onProgress = (done: number, total: number) => options.onProgress?.(file.file, done, total);
      installed.push(await registry.register(file.path, 'copy', options.signal, onProgress));
    }
    return installed;
  } catch (error) {
    for (const model of installed.reverse()) await registry.remove(model.id).catch(() => undefined);
    throw error;
  }
}

async function verifyPackFolder(dir: string, options: ReadModelPackOptions): Promise<VerifiedPackFile[]> {
  const manifest = await readManifest(dir);
  const seen = new Set<string>();
  const checked: { entry: (typeof manifest.models)[number]; filePath: string; sizeBytes: number }[] = [];
  for (const entry of manifest.models) {
    const problem = checkPlainFileName(entry.file);
    if (problem !== null)
      throw packError(
        'bad_request',
        `The pack lists '${entry.file.slice(0, 200)}', which ${problem}`,
        path.join(dir, MODEL_PACK_MANIFEST),
      );
    if (seen.has(entry.file.toLowerCase()))
      throw packError('bad_request', `${entry.file} is listed twice`, path.join(dir, entry.file));
    seen.add(entry.file.toLowerCase());
    checked.push({ entry, ...(await checkPackFile(dir, entry.file)) });
  }

  const totalBytes = checked.reduce((sum, item) => sum + item.sizeBytes, 0);
  let doneBytes = 0;
  const verified: VerifiedPackFile[] = [];
  for (const { entry, filePath, sizeBytes } of checked) {
    const report = (bytes: number) => {
      doneBytes += bytes;
      options.onProgress?.({ phase: 'verifying', file: entry.file, doneBytes, totalBytes });
    };
    const actual = await sha256OfFile(filePath, report, options.signal).catch((error: unknown) => {
      throw toPackError(error, filePath, options.signal);
    });
    const expected = entry.sha256.toLowerCase();
    if (actual !== expected) {
      throw packError(
        'invalid_model',
        `${entry.file} does not match its SHA-256 in the manifest (damaged or replaced)`,
        filePath,
        { expected, actual },
      );
    }
    await readGgufHeader(filePath).catch((error: unknown) => {
      const why = error instanceof GgufValidationError ? error.message : String(error);
      throw packError('invalid_model', `${entry.file} is not a usable GGUF model: ${why}`, filePath);
    });
    verified.push({ file: entry.file, path: filePath, name: entry.name ?? null, sizeBytes, sha256: actual });
  }
  return verified;
}

/** A tar of a folder usually holds one top-level folder; accept the manifest there or at the root. */
async function findPackRoot(tempDir: string, tarPath: string): Promise<string> {
  const entries = await readdir(tempDir, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && entry.name === MODEL_PACK_MANIFEST)) return tempDir;
  const [only] = entries;
  if (entries.length === 1 && only !== undefined && only.isDirectory()) return path.join(tempDir, only.name);
  throw packError('bad_request', `${path.basename(tarPath)} has no ${MODEL_PACK_MANIFEST} at its top level`, tarPath);
}

function toPackError(error: unknown, file: string, signal?: AbortSignal): OutpostError {
  if (error instanceof OutpostError) return error;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return packError('aborted', 'Reading the model pack was cancelled; nothing was kept', file);
  }
  const why = error instanceof Error ? error.message : String(error);
  return packError('bad_request', `${path.basename(file)} could not be read: ${why}`, file);
}
