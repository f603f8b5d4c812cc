/** Which files in the models folder are models, and whether a path lives inside that folder. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { OutpostError } from '@contract';

/** `*.gguf`, but never dot-files: our own in-progress copies are `.name.gguf.<id>.partial`. */
export function isModelFileName(name: string): boolean {
  return !name.startsWith('.') && /\.gguf$/i.test(name);
}

/** Model files directly inside `dir`, sorted, as absolute paths. Partial downloads (*.part, *.partial) never match. */
export async function listModelFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && isModelFileName(entry.name))
    .map((entry) => path.join(dir, entry.name))
    .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0));
}

export function isInsideDir(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * A path the user named must be absolute: a relative one would silently resolve against wherever Outpost
 * runs (the install folder), and `~` is a shell convention, not a folder.
 */
export function requireAbsolutePath(file: string, what: string): string {
  if (!path.isAbsolute(file)) {
    throw new OutpostError(
      'bad_request',
      `${what} must be an absolute path (like /home/me/model.gguf or C:\\Models\\model.gguf); got a relative one`,
      { reason: 'relative_path' },
    );
  }
  return path.normalize(file);
}
