/** Pieces of model-pack verification: the manifest schema, safe file names and streamed SHA-256. */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { OutpostError } from '@contract';
import { formatIssues } from './catalogFile';

export const MODEL_PACK_MANIFEST = 'outpost-pack.json';
const MAX_MANIFEST_BYTES = 1024 * 1024;
const HASH_CHUNK_BYTES = 4 * 1024 * 1024;

export const ModelPackManifest = z.object({
  format: z.literal(1),
  models: z
    .array(
      z.object({
        file: z.string().min(1).max(255),
        sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits'),
        name: z.string().min(1).max(200).optional(),
      }),
    )
    .min(1)
    .max(256),
});
export type ModelPackManifest = z.infer<typeof ModelPackManifest>;

export async function readManifest(dir: string): Promise<ModelPackManifest> {
  const manifestPath = path.join(dir, MODEL_PACK_MANIFEST);
  const info = await lstat(manifestPath).catch(() => null);
  if (info === null) throw packError('bad_request', `There is no ${MODEL_PACK_MANIFEST} in ${dir}`, manifestPath);
  if (!info.isFile()) throw packError('bad_request', `${MODEL_PACK_MANIFEST} must be a plain file`, manifestPath);
  if (info.size > MAX_MANIFEST_BYTES)
    throw packError('bad_request', `${MODEL_PACK_MANIFEST} is too large`, manifestPath);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw packError('bad_request', `${MODEL_PACK_MANIFEST} is not valid JSON: ${String(error)}`, manifestPath);
  }
  const parsed = ModelPackManifest.safeParse(json);
  if (!parsed.success) {
    throw packError(
      'bad_request',
      `${MODEL_PACK_MANIFEST} is not a model pack manifest: ${formatIssues(parsed.error)}`,
      manifestPath,
    );
  }
  return parsed.data;
}

/** A manifest may name only plain files next to it: no folders, no '..', no absolute paths. */
export function checkPlainFileName(file: string): string | null {
  if (file.includes('\0')) return 'contains a NUL character';
  if (path.isAbsolute(file) || path.win32.isAbsolute(file)) return 'is an absolute path';
  if (file.split(/[\\/]/).includes('..')) return "climbs out of the pack with '..'";
  if (/[\\/]/.test(file)) return 'is inside a subfolder; list only files next to the manifest';
  if (file === '.' || file === MODEL_PACK_MANIFEST) return 'is not a model file';
  return null;
}

/** lstat, not stat: a symlink is refused even when it points somewhere harmless. */
export async function checkPackFile(dir: string, file: string): Promise<{ filePath: string; sizeBytes: number }> {
  const filePath = path.join(dir, file);
  const info = await lstat(filePath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw packError('bad_request', `${file} is listed in the manifest but missing from the pack`, filePath);
    throw packError('bad_request', `${file} can't be read: ${error.message}`, filePath);
  });
  if (info.isSymbolicLink())
    throw packError('bad_request', `${file} is a symbolic link; packs must hold the files themselves`, filePath);
  if (!info.isFile()) throw packError('bad_request', `${file} is not a plain file`, filePath);
  return { filePath, sizeBytes: info.size };
}

/** Streams the file (opened without following links) through SHA-256. */
export async function sha256OfFile(
  filePath: string,
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const noFollow = constants.O_NOFOLLOW ?? 0;
  const handle = await open(filePath, constants.O_RDONLY | noFollow);
  try {
    if (!(await handle.stat()).isFile())
      throw packError('bad_request', `${path.basename(filePath)} is not a plain file`, filePath);
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
    for (;;) {
      if (signal?.aborted) throw packError('aborted', 'Checking the model pack was cancelled', filePath);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      onBytes(bytesRead);
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

export function packError(
  code: 'bad_request' | 'invalid_model' | 'aborted',
  message: string,
  file: string,
  extra: object = {},
): OutpostError {
  return new OutpostError(code, message, { file, ...extra });
}
