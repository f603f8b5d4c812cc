/** The Electron-ABI SQLite build for an unpackaged run, or a quiet exit that `npm start` explains. */
import fs from 'node:fs';
import { app } from 'electron';
import type { Logger } from '../../core/ports';
import { EXIT_NO_ELECTRON_SQLITE, electronSqliteBindingPath } from './electronSqliteBinding';

export function devSqliteBinding(appRoot: string, electronVersion: string, logger: Logger): { nativeBinding: string } | null {
  const nativeBinding = electronSqliteBindingPath(appRoot, electronVersion);
  if (fs.existsSync(nativeBinding)) return { nativeBinding };
  // No crash dialog: the Node-ABI addon would fail to load, and npm start already said why it can't build one.
  logger.error('no better-sqlite3 build for this Electron; run `npm start` to build it', { expected: nativeBinding });
  app.exit(EXIT_NO_ELECTRON_SQLITE);
  return null;
}
