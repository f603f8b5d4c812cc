/** A corrupt or truncated database: the host still starts, says so, keeps the bad file, and works. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, makeDataDir, startHost } from './lib/faultHost';
import { integrityCheck } from './lib/sqlite';

const DB = 'outpost.db';

let seeded: string;

/** One real host run writes the database; each case damages its own copy. */
beforeAll(async () => {
  seeded = makeDataDir();
  const host = await startHost(seeded);
  const client = await connect(host);
  expect(await client.request('settings.set', { theme: 'dark' })).toMatchObject({ ok: true });
  client.close();
  await host.stop();
});

function seededDataDir(): string {
  const dataDir = makeDataDir();
  fs.cpSync(seeded, dataDir, { recursive: true });
  return dataDir;
}

const damages: Record<string, (file: string) => void> = {
  'truncated to half': (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2)),
  'header overwritten': (file) => {
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    fs.closeSync(fd);
  },
  'pages scrambled': (file) => {
    const bytes = fs.readFileSync(file);
    for (let i = 4096; i < bytes.length; i += 7) bytes[i] = (bytes[i]! * 31 + 17) & 0xff;
    fs.writeFileSync(file, bytes);
  },
  'replaced by text': (file) => fs.writeFileSync(file, 'not a database\n'.repeat(500)),
};

describe('database corruption', () => {
  for (const [name, damage] of Object.entries(damages)) {
    it(`recovers from a database ${name}`, async () => {
      const dataDir = seededDataDir();
      const file = path.join(dataDir, DB);
      const before = fs.readFileSync(file);
      damage(file);
      const damaged = fs.readFileSync(file);

      const host = await startHost(dataDir);
      const client = await connect(host);
      const info = await client.request('app.info', {});
      expect(info.ok).toBe(true);
      const notices = (info as { value: { notices: { level: string; message: string; files: string[] }[] } }).value
        .notices;
      // A scramble that happens to leave a readable database is not a failure; everything else must be reported.
      const keptAside = fs.readdirSync(dataDir).filter((entry) => entry.startsWith(`${DB}.corrupt-`));
      if (notices.length === 0) {
        expect(name).toBe('pages scrambled');
        expect(damaged.equals(before)).toBe(false);
      } else {
        expect(notices[0]?.files.some((f) => f.includes('.corrupt-'))).toBe(true);
        expect(keptAside.length).toBeGreaterThan(0);
        // The bad file is kept byte for byte, for the user or a recovery tool.
        const main = keptAside.find((entry) => !entry.endsWith('-wal') && !entry.endsWith('-shm'))!;
        expect(fs.readFileSync(path.join(dataDir, main)).equals(damaged)).toBe(true);
      }
      // The app works on: settings can be written and read back.
      expect(await client.request('settings.set', { fontSize: 'large' })).toMatchObject({ ok: true });
      expect(await client.request('settings.get', {})).toMatchObject({ ok: true, value: { fontSize: 'large' } });
      client.close();
      await host.stop();
      expect(integrityCheck(file)).toBe('ok');
    });
  }
});
