/** Brings persisted downloads back after a restart (or a crash), trusting the partial files on disk. */
import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../ports';
import { INTERRUPTED_ERROR } from './downloadErrors';
import { partialPathFor } from './downloadJob';
import type { DownloadStore } from './downloadStore';
import { INTERRUPTIBLE_STATES, OPEN_STATES, type DownloadRecord } from './downloadTypes';

const PARTIAL_FILE_NAME = /^[0-9a-f-]{36}\.part$/;

/**
 * Loads downloads not yet in memory. Ones that were transferring become `paused` with an
 * `interrupted` error; every open download's byte count is set to what its partial file holds.
 */
export async function restoreDownloads(store: DownloadStore, partialDir: string, logger: Logger): Promise<void> {
  const changed: DownloadRecord[] = [];
  for (const record of store.loadNew()) {
    if (!OPEN_STATES.has(record.state)) continue;
    const onDisk = await fileSize(partialPathFor(partialDir, record.id));
    const interrupted = INTERRUPTIBLE_STATES.has(record.state);
    if (record.state === 'verifying' && onDisk === null && existsSync(record.destPath)) {
      // Closed between the rename and the final save: the verified file is in place.
      Object.assign(record, { state: 'done', error: null, updatedAt: store.now() });
    } else if (interrupted || (onDisk ?? 0) !== record.receivedBytes) {
      record.receivedBytes = onDisk ?? 0;
      if (interrupted) Object.assign(record, { state: 'paused', error: INTERRUPTED_ERROR, updatedAt: store.now() });
    } else {
      continue;
    }
    changed.push(record);
  }
  store.persist(changed);
  for (const record of changed) store.emit(record);
  await removeOrphanPartials(store, partialDir, logger);
}

/** `.part` files that no open download owns (e.g. after the database was reset) only waste disk. */
async function removeOrphanPartials(store: DownloadStore, partialDir: string, logger: Logger): Promise<void> {
  const names = await readdir(partialDir).catch(() => [] as string[]);
  const owned = new Set(
    store
      .all()
      .filter((record) => OPEN_STATES.has(record.state))
      .map((record) => `${record.id}.part`),
  );
  for (const name of names.filter((n) => PARTIAL_FILE_NAME.test(n) && !owned.has(n))) {
    logger.info('removing an orphaned partial download', { file: name });
    await rm(path.join(partialDir, name), { force: true }).catch(() => undefined);
  }
}

async function fileSize(file: string): Promise<number | null> {
  const stats = await stat(file).catch(() => null);
  return stats?.isFile() ? stats.size : null;
}
