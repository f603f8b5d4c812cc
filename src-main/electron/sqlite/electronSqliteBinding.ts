/**
 * Where the Electron-ABI build of better-sqlite3 lives in a development checkout. `npm install` compiles
 * the addon for the Node that ran it (tests, headless host); the window needs Electron's ABI, so a second
 * build is kept apart under node_modules/.outpost-electron and handed to better-sqlite3 as `nativeBinding`.
 * Plain Node on purpose: `npm start` (the producer) and the Electron main (the consumer) share this layout.
 */
import path from 'node:path';

export const ELECTRON_NATIVE_DIR = path.join('node_modules', '.outpost-electron');

/** One folder per Electron version, platform and arch: switching Electron never reuses a stale build. */
export function electronSqliteDir(appRoot: string, electronVersion: string, platform = process.platform, arch = process.arch): string {
  return path.join(appRoot, ELECTRON_NATIVE_DIR, `better-sqlite3-electron-${electronVersion}-${platform}-${arch}`);
}

export function electronSqliteBindingPath(
  appRoot: string,
  electronVersion: string,
  platform = process.platform,
  arch = process.arch,
): string {
  return path.join(electronSqliteDir(appRoot, electronVersion, platform, arch), 'better_sqlite3.node');
}

/** Exit code of an unpackaged main process that found no Electron-ABI SQLite build (npm start explains it). */
export const EXIT_NO_ELECTRON_SQLITE = 78;
