/** A citation's "open file": the system's app for one local, regular file (never a URL, never a folder). */
import fs from 'node:fs';
import path from 'node:path';
import { shell } from 'electron';
import { OutpostError } from '../../src-preload/contract/envelope';

export async function openLocalFile(file: string): Promise<void> {
  if (!path.isAbsolute(file) || !fs.statSync(file).isFile()) {
    throw new OutpostError('bad_request', `Not a local file: ${file}`);
  }
  const failure = await shell.openPath(file);
  if (failure) throw new OutpostError('unavailable', `The file could not be opened: ${failure}`);
}
