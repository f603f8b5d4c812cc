/**
 * Lists a source's files: recursive for folders, include/exclude globs on the path relative to the folder,
 * hidden files and dependency/build folders skipped, symlinks that lead out of the granted folders not followed.
 */
import { createReadStream, type Dirent, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import picomatch from 'picomatch';
import type { KnowledgeFileReason, KnowledgeSource } from '../../../src-preload/contract/knowledge';
import { formatOf } from './parse/formats';
import type { DocumentFormat } from './parse/parsedDocument';

/** Folders of installed dependencies and caches, never the user's documents (build output: use exclude globs). */
export const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  '__pycache__',
  'site-packages',
  'venv',
]);

export interface ScannedFile {
  path: string;
  size: number;
  mtimeMs: number;
  format: DocumentFormat | null;
  /** Set when the file is listed but must not be read. */
  skip: KnowledgeFileReason | null;
}

export function isInside(candidate: string, root: string): boolean {
  if (candidate === root) return true;
  return candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** Every file of one source; `roots` are the granted folders as real paths. */
export async function scanSource(
  source: Pick<KnowledgeSource, 'kind' | 'path' | 'include' | 'exclude'>,
  roots: readonly string[],
  signal?: AbortSignal,
): Promise<ScannedFile[]> {
  const granted = (p: string) => roots.some((root) => isInside(p, root));
  if (source.kind === 'file') {
    const file = await statFile(source.path, granted);
    return file ? [file] : [];
  }
  const include = source.include.length > 0 ? picomatch(source.include, { dot: false }) : () => true;
  const exclude = source.exclude.length > 0 ? picomatch(source.exclude, { dot: true }) : () => false;
  const out: ScannedFile[] = [];
  let rootReal: string;
  try {
    rootReal = await fs.realpath(source.path);
  } catch {
    return out;
  }
  if (!granted(rootReal)) return out;
  const walk = async (dir: string): Promise<void> => {
    if (signal?.aborted) return;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: its files cannot be listed, so there is nothing to report per file
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const relative = path.relative(rootReal, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name.toLowerCase()) || exclude(relative) || exclude(`${relative}/`)) continue;
        await walk(full);
        continue;
      }
      if (exclude(relative) || !include(relative)) continue;
      if (entry.isSymbolicLink()) {
        // Linked folders are never followed (loops); a linked file is read only when it stays inside a grant.
        const file = await statFile(full, granted);
        if (file && !(await isDirectory(full))) out.push(file);
        continue;
      }
      if (!entry.isFile()) continue;
      const file = await statFile(full, granted);
      if (file) out.push(file);
    }
  };
  await walk(rootReal);
  return out;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function statFile(p: string, granted: (p: string) => boolean): Promise<ScannedFile | null> {
  let real: string;
  let stats: Stats;
  try {
    real = await fs.realpath(p);
    stats = await fs.stat(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      return { path: p, size: 0, mtimeMs: 0, format: formatOf(p), skip: 'permission_denied' };
    }
    return null; // vanished, or a broken link
  }
  if (!stats.isFile()) return null;
  const format = formatOf(p);
  const base = { path: p, size: stats.size, mtimeMs: stats.mtimeMs, format };
  if (!granted(real)) return { ...base, skip: 'outside_grant' };
  return { ...base, skip: format === null ? 'unsupported' : null };
}

/** SHA-256 of the file's bytes, streamed (a large PDF is never held twice). */
export async function hashFile(p: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(p)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
