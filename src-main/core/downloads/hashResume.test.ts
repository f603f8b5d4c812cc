import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/testPorts';
import { HashedPartialFile } from './hashResume';
import { pseudoRandomBytes, sha256Of } from './testing/testFiles';

const never = new AbortController().signal;

describe('HashedPartialFile', () => {
  it('continues the hash of bytes already on disk', async () => {
    const file = path.join(makeTempDir(), 'x.part');
    const body = pseudoRandomBytes(3 * 1024 * 1024 + 17, 3);
    writeFileSync(file, body.subarray(0, 2_500_000));
    const partial = await HashedPartialFile.open(file, never);
    expect(partial.size).toBe(2_500_000);
    expect(partial.digest()).toBe(sha256Of(body.subarray(0, 2_500_000)));
    await partial.append(body.subarray(2_500_000));
    expect(partial.digest()).toBe(sha256Of(body));
    await partial.sync();
    await partial.close();
    expect(readFileSync(file).equals(body)).toBe(true);
  });

  it('restart empties the file and the hash', async () => {
    const file = path.join(makeTempDir(), 'y.part');
    writeFileSync(file, 'old bytes');
    const partial = await HashedPartialFile.open(file, never);
    await partial.restart();
    await partial.append(Buffer.from('new'));
    expect(partial.digest()).toBe(createHash('sha256').update('new').digest('hex'));
    await partial.close();
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it('stops hashing when aborted and closes its handle', async () => {
    const file = path.join(makeTempDir(), 'z.part');
    writeFileSync(file, pseudoRandomBytes(1024, 1));
    const controller = new AbortController();
    controller.abort('pause');
    await expect(HashedPartialFile.open(file, controller.signal)).rejects.toBe('pause');
    expect(statSync(file).size).toBe(1024);
  });
});
