/**
 * Which files make the page's first paint (the built index.html's script, module preloads and stylesheets), and
 * a watch that resolves once a browser has been sent all of them. Core's modules load after that: evaluating them
 * blocks this process's event loop, and a page waiting on its script paints nothing meanwhile.
 */
import fs from 'node:fs';
import path from 'node:path';

const ASSET_REFERENCE = /<(?:script|link)\b[^>]*?\b(?:src|href)="\.?\/?(assets\/[^"?#]+)"/g;

/** Server paths (`/assets/…`) the page's HTML loads before it can paint; [] when there is no built page. */
export function shellAssetPaths(html: string): string[] {
  return [...new Set([...html.matchAll(ASSET_REFERENCE)].map((match) => `/${match[1]}`))];
}

export function readShellAssetPaths(rendererDir: string): string[] {
  try {
    return shellAssetPaths(fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8'));
  } catch {
    return []; // no built page: nothing to wait for
  }
}

export interface ShellWatch {
  /** A file went out whole (status 200/304) at this server path. */
  sent(pathname: string): void;
  /** Resolves when every shell asset has been sent once (at once when there are none). */
  readonly done: Promise<void>;
}

export function watchShellAssets(paths: readonly string[]): ShellWatch {
  const pending = new Set(paths);
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  if (pending.size === 0) finish();
  return {
    done,
    sent(pathname) {
      if (pending.delete(pathname) && pending.size === 0) finish();
    },
  };
}
