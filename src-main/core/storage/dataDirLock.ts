/**
 * Who runs a core on a data dir right now: `outpost.lock` names the process (the app, or `npm run mcp` with its
 * own core). Advisory: `npm run mcp` relays to a live holder instead of opening the same database a second time.
 * A holder whose process is gone (killed, crashed) counts as no holder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const DATA_DIR_LOCK_FILE = 'outpost.lock';

const Holder = z.object({
  pid: z.number().int().positive(),
  role: z.enum(['app', 'mcp']),
  startedAt: z.number(),
});
export type DataDirHolder = z.output<typeof Holder>;

function lockFile(dataDir: string): string {
  return path.join(dataDir, DATA_DIR_LOCK_FILE);
}

/** Signal 0 only checks: EPERM means the process exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process holding the data dir, or null (no file, a damaged file, or its process is gone). */
export function dataDirHolder(dataDir: string): DataDirHolder | null {
  let text: string;
  try {
    text = fs.readFileSync(lockFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  let parsed: ReturnType<typeof Holder.safeParse>;
  try {
    parsed = Holder.safeParse(JSON.parse(text));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  return parsed.data.pid === process.pid || isAlive(parsed.data.pid) ? parsed.data : null;
}

/**
 * Names this process as the holder (written to a temp file and renamed, so a reader never sees half a file).
 * `release` removes the file only while it still names this process.
 */
export function claimDataDir(dataDir: string, role: DataDirHolder['role'], now = Date.now()): { release(): void } {
  const file = lockFile(dataDir);
  const holder: DataDirHolder = { pid: process.pid, role, startedAt: now };
  fs.mkdirSync(dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(holder));
  fs.renameSync(temp, file);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (dataDirHolder(dataDir)?.pid !== process.pid) return;
      try {
        fs.rmSync(file, { force: true });
      } catch {
        // Best effort: a leftover file names a dead process, which readers treat as free.
      }
    },
  };
}
