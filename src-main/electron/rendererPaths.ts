/** Pure mapping from app:// request URLs to files of the built renderer. Must not import 'electron'. */
import path from 'node:path';
import { APP_ORIGIN, originOf } from './securityPolicy';

export const RENDERER_INDEX_FILE = 'index.html';

/**
 * The file a request asks for inside `rendererDir`, or null when the URL is foreign, malformed, or
 * would escape the directory (`..`, encoded separators, absolute paths, NUL bytes).
 */
export function resolveRendererPath(rendererDir: string, requestUrl: string): string | null {
  if (originOf(requestUrl) !== APP_ORIGIN) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname.replace(/^\/+/, '');
  if (relative === '') return path.join(rendererDir, RENDERER_INDEX_FILE);
  // Judge segments as given, before path.resolve folds `a/../..` into something that looks harmless.
  const segments = relative.split(/[\\/]+/);
  if (segments.some((segment) => segment === '..')) return null;
  const root = path.resolve(rendererDir);
  const resolved = path.resolve(root, relative);
  const inside = path.relative(root, resolved);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return resolved;
}

/** Client-side routes (no file extension) fall back to index.html; missing assets stay 404. */
export function wantsSpaFallback(requestUrl: string): boolean {
  let pathname: string;
  try {
    pathname = new URL(requestUrl).pathname;
  } catch {
    return false;
  }
  const lastSegment = pathname.split('/').pop() ?? '';
  return !lastSegment.includes('.');
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Explicit types, because responses carry `nosniff` and module scripts need a JavaScript type. */
export function contentTypeFor(filePath: string): string | null {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? null;
}
