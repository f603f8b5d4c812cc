import fs from 'node:fs';
import path from 'node:path';
import { ToolError } from './toolTypes';

export interface ResolvedPath {
  /** Real path of the target, with every symlink resolved. */
  realPath: string;
  /** The granted folder (real path) it lies in. */
  root: string;
}

function isInside(candidate: string, root: string): boolean {
  if (candidate === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}

function insideAny(candidate: string, roots: readonly string[]): boolean {
  return roots.some((root) => isInside(candidate, root));
}

/** Grants whose folders still exist, as real paths (a granted folder may itself have been replaced). */
export function liveRoots(grantPaths: readonly string[]): string[] {
  const roots: string[] = [];
  for (const grant of grantPaths) {
    try {
      roots.push(fs.realpathSync(grant));
    } catch {
      // a deleted or unreadable grant simply grants nothing
    }
  }
  return roots;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** lstat that reports a missing path as the model should see it. */
function lstatOrNotFound(target: string, requested: string): fs.Stats {
  try {
    return fs.lstatSync(target);
  } catch (error) {
    if (isMissing(error)) throw new ToolError('not_found', `"${requested}" does not exist.`);
    throw error;
  }
}

/**
 * Maps a model-supplied path onto a granted folder. Refuses `..` segments, paths outside every grant, and any
 * path component that is a symlink leading outside the grants; the final real path is checked again.
 * Names are taken literally: `%2e%2e` is a file called "%2e%2e", not a parent reference.
 */
export function resolveGrantedPath(requested: string, grantPaths: readonly string[]): ResolvedPath {
  if (requested.length === 0) throw new ToolError('bad_input', 'The path is empty.');
  if (requested.includes('\0')) throw new ToolError('bad_input', 'The path contains a NUL character.');
  if (requested.split(/[\\/]+/).includes('..')) {
    throw new ToolError(
      'outside_grant',
      `"${requested}" uses "..", which is not allowed; give a path inside a granted folder.`,
    );
  }
  const roots = liveRoots(grantPaths);
  if (roots.length === 0) {
    throw new ToolError('no_grant', 'The user has not granted any folder to this agent, so no files can be read.');
  }
  const candidates = path.isAbsolute(requested)
    ? roots
        .filter((root) => isInside(path.resolve(requested), root))
        .map((root) => ({ root, target: path.resolve(requested) }))
    : roots.map((root) => ({ root, target: path.resolve(root, requested) }));
  if (candidates.length === 0) {
    throw new ToolError('outside_grant', `"${requested}" is outside the granted folders (${roots.join(', ')}).`);
  }
  // A relative path may exist under any grant; use the first that has it.
  const chosen = candidates.find(({ target }) => fs.existsSync(target)) ?? candidates[0]!;
  checkComponents(chosen.root, chosen.target, requested, roots);
  const realPath = fs.realpathSync(chosen.target);
  if (!insideAny(realPath, roots)) {
    throw new ToolError('outside_grant', `"${requested}" resolves to a location outside the granted folders.`);
  }
  return { realPath, root: chosen.root };
}

function checkComponents(root: string, target: string, requested: string, roots: readonly string[]): void {
  let current = root;
  for (const segment of path.relative(root, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, segment);
    const stats = lstatOrNotFound(current, requested);
    if (!stats.isSymbolicLink()) continue;
    let linkTarget: string;
    try {
      linkTarget = fs.realpathSync(current);
    } catch (error) {
      if (isMissing(error)) throw new ToolError('not_found', `"${requested}" is a broken link.`);
      throw error;
    }
    if (!insideAny(linkTarget, roots)) {
      throw new ToolError(
        'outside_grant',
        `"${requested}" goes through a link that points outside the granted folders.`,
      );
    }
  }
}
