import { createWriteStream, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { makeTempDir } from '../testing/testPorts';
import { copyToTemporary, temporaryPathFor } from './modelFileCopy';

/** A target that writes the first chunk for real, then fails like a full disk. */
function diskFullAfterFirstChunk(filePath: string): Writable {
  const file = createWriteStream(filePath, { flags: 'wx' });
  let chunks = 0;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (++chunks === 1) return void file.write(chunk, done);
      const error: NodeJS.ErrnoException = new Error('ENOSPC: no space left on device, write');
      error.code = 'ENOSPC';
      file.end(() => done(error));
    },
    final(done) {
      file.end(done);
    },
  });
}

describe('copyToTemporary', () => {
  it('copies to a dot-file name that scans ignore', async () => {
    const dir = makeTempDir();
    const source = path.join(dir, 'a.gguf');
    writeFileSync(source, Buffer.alloc(3 * 1024 * 1024, 1));
    const target = temporaryPathFor(path.join(dir, 'models', 'a.gguf'));
    expect(path.basename(target)).toMatch(/^\.a\.gguf\.[0-9a-f]{8}\.partial$/);
    const seen: number[] = [];
    await copyToTemporary(source, path.join(dir, 'copy'), 3 * 1024 * 1024, {
      onProgress: (copied) => seen.push(copied),
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(3 * 1024 * 1024);
  });

  it('turns a full disk into a storage_error naming the file and removes the partial copy', async () => {
    const dir = makeTempDir();
    const source = path.join(dir, 'huge-model.gguf');
    writeFileSync(source, Buffer.alloc(3 * 1024 * 1024, 2));
    const modelsDir = path.join(dir, 'models');
    const temporary = temporaryPathFor(path.join(modelsDir, 'huge-model.gguf'));
    await import('node:fs/promises').then((fs) => fs.mkdir(modelsDir));

    const error = await copyToTemporary(source, temporary, 3 * 1024 * 1024, {
      openTarget: diskFullAfterFirstChunk,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as OutpostError).code).toBe('storage_error');
    expect((error as OutpostError).message).toMatch(
      /Could not copy huge-model\.gguf \(3.1 MB\) into .*: the disk is full/,
    );
    expect(existsSync(temporary)).toBe(false);
    expect(readdirSync(modelsDir)).toEqual([]);
  });

  it('reports a source that disappeared as not_found', async () => {
    const dir = makeTempDir();
    const error = await copyToTemporary(path.join(dir, 'gone.gguf'), path.join(dir, 'copy'), 10).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/gone\.gguf/) });
    expect(existsSync(path.join(dir, 'copy'))).toBe(false);
  });
});
