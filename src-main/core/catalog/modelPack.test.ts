import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { writeTestModel } from '../../../scripts/test-model/make-test-model';
import { installModelPack, MODEL_PACK_MANIFEST, readModelPack } from './modelPack';
import { buildTar, paxRecord } from './testing/tarBuilder';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
let modelA: Buffer;
let modelB: Buffer;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'outpost-pack-models-'));
  await writeTestModel(path.join(dir, 'a.gguf'), { shape: 'tiny', seed: 1 });
  await writeTestModel(path.join(dir, 'b.gguf'), { shape: 'tiny', seed: 2 });
  modelA = readFileSync(path.join(dir, 'a.gguf'));
  modelB = readFileSync(path.join(dir, 'b.gguf'));
});

function makePack(files: Record<string, Buffer>, manifest?: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'outpost-pack-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  const listed = manifest ?? {
    format: 1,
    models: Object.entries(files).map(([file, bytes]) => ({ file, sha256: sha256(bytes), name: `Model ${file}` })),
  };
  writeFileSync(path.join(dir, MODEL_PACK_MANIFEST), JSON.stringify(listed));
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<OutpostError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutpostError);
  return error as OutpostError;
}

describe('readModelPack (folder)', () => {
  it('verifies every file and reports progress', async () => {
    const dir = makePack({ 'a.gguf': modelA, 'b.gguf': modelB });
    const progress: number[] = [];
    const pack = await readModelPack(dir, { onProgress: (p) => progress.push(p.doneBytes) });
    expect(pack.files.map((f) => [f.file, f.name, f.sizeBytes, f.sha256])).toEqual([
      ['a.gguf', 'Model a.gguf', modelA.length, sha256(modelA)],
      ['b.gguf', 'Model b.gguf', modelB.length, sha256(modelB)],
    ]);
    expect(progress.at(-1)).toBe(modelA.length + modelB.length);
    await pack.dispose();
  });

  it('rejects a wrong hash, naming the file', async () => {
    const dir = makePack({ 'a.gguf': modelA }, { format: 1, models: [{ file: 'a.gguf', sha256: sha256(modelB) }] });
    const error = await failure(readModelPack(dir));
    expect(error.code).toBe('invalid_model');
    expect(error.message).toMatch(/a\.gguf does not match its SHA-256/);
    expect(error.details).toMatchObject({ expected: sha256(modelB), actual: sha256(modelA) });
  });

  it('rejects a listed file that is missing', async () => {
    const dir = makePack(
      { 'a.gguf': modelA },
      {
        format: 1,
        models: [
          { file: 'a.gguf', sha256: sha256(modelA) },
          { file: 'gone.gguf', sha256: sha256(modelB) },
        ],
      },
    );
    const error = await failure(readModelPack(dir));
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/gone\.gguf is listed in the manifest but missing/);
  });

  it.each([
    ['../evil.gguf', /climbs out of the pack/],
    ['/etc/evil.gguf', /absolute path/],
    ['C:\\evil.gguf', /absolute path/],
    ['sub/evil.gguf', /subfolder/],
  ])('rejects the escaping name %s', async (file, reason) => {
    const dir = makePack({ 'a.gguf': modelA }, { format: 1, models: [{ file, sha256: sha256(modelA) }] });
    const error = await failure(readModelPack(dir));
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(reason);
  });

  it('rejects a symlink, even one whose target has the right hash', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'outpost-outside-'));
    writeFileSync(path.join(outside, 'real.gguf'), modelA);
    const dir = makePack({}, { format: 1, models: [{ file: 'link.gguf', sha256: sha256(modelA) }] });
    symlinkSync(path.join(outside, 'real.gguf'), path.join(dir, 'link.gguf'));
    const error = await failure(readModelPack(dir));
    expect(error.message).toMatch(/link\.gguf is a symbolic link/);
  });

  it('rejects a non-GGUF file even when its hash is right', async () => {
    const text = Buffer.from('just some text, not a model\n');
    const error = await failure(readModelPack(makePack({ 'notes.gguf': text })));
    expect(error.code).toBe('invalid_model');
    expect(error.message).toMatch(/notes\.gguf is not a usable GGUF model: not a GGUF file/);
  });

  it('rejects a bad manifest and a pack without one', async () => {
    const bad = await failure(readModelPack(makePack({ 'a.gguf': modelA }, { format: 2, models: [] })));
    expect(bad.message).toMatch(/not a model pack manifest/);
    const empty = mkdtempSync(path.join(os.tmpdir(), 'outpost-pack-'));
    expect((await failure(readModelPack(empty))).message).toMatch(/There is no outpost-pack\.json/);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(readModelPack(makePack({ 'a.gguf': modelA }), { signal: controller.signal }));
    expect(error.code).toBe('aborted');
  });
});

describe('readModelPack (.tar)', () => {
  function tarFile(bytes: Buffer): { tarPath: string; extractRoot: string } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outpost-tar-'));
    const tarPath = path.join(dir, 'pack.tar');
    writeFileSync(tarPath, bytes);
    const extractRoot = path.join(dir, 'extract');
    mkdirSync(extractRoot);
    return { tarPath, extractRoot };
  }
  const manifestFor = (files: Record<string, Buffer>) =>
    JSON.stringify({
      format: 1,
      models: Object.entries(files).map(([file, bytes]) => ({ file, sha256: sha256(bytes) })),
    });

  it('unpacks into a temporary folder under the target, verifies, and cleans up on dispose', async () => {
    const { tarPath, extractRoot } = tarFile(
      buildTar([
        { name: 'pack/', type: '5' },
        { name: 'pack/outpost-pack.json', data: manifestFor({ 'a.gguf': modelA }) },
        { name: 'pack/a.gguf', data: modelA },
      ]),
    );
    const pack = await readModelPack(tarPath, { extractRoot });
    expect(pack.dir.startsWith(extractRoot)).toBe(true);
    expect(pack.files[0]?.sha256).toBe(sha256(modelA));
    await pack.dispose();
    expect(readdirSync(extractRoot)).toEqual([]);
  });

  it('reads pax long names', async () => {
    const longName = `${'x'.repeat(120)}.gguf`;
    const { tarPath, extractRoot } = tarFile(
      buildTar([
        { name: 'outpost-pack.json', data: manifestFor({ [longName]: modelA }) },
        { name: 'PaxHeader', type: 'x', data: paxRecord('path', longName) },
        { name: 'truncated-name', data: modelA },
      ]),
    );
    const pack = await readModelPack(tarPath, { extractRoot });
    expect(pack.files[0]?.file).toBe(longName);
    await pack.dispose();
  });

  it.each([
    ['a parent-folder entry', [{ name: '../evil.gguf', data: 'x' }], /climbs out of the pack/],
    ['an absolute entry', [{ name: '/tmp/evil.gguf', data: 'x' }], /absolute path/],
    ['a symlink entry', [{ name: 'link.gguf', type: '2', linkName: '/etc/passwd' }], /symbolic link/],
    ['a hard link entry', [{ name: 'link.gguf', type: '1', linkName: 'a.gguf' }], /hard link/],
    [
      'a pax path escape',
      [
        { name: 'h', type: 'x', data: paxRecord('path', '../../evil') },
        { name: 'ok', data: 'x' },
      ],
      /climbs out/,
    ],
  ])('refuses %s and leaves nothing behind', async (_what, entries, reason) => {
    const { tarPath, extractRoot } = tarFile(buildTar(entries));
    const error = await failure(readModelPack(tarPath, { extractRoot }));
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(reason);
    expect(readdirSync(extractRoot)).toEqual([]);
  });

  it('refuses a file that is not a tar, and a tar over the size limit', async () => {
    const notTar = tarFile(Buffer.alloc(2048, 7));
    expect((await failure(readModelPack(notTar.tarPath, { extractRoot: notTar.extractRoot }))).message).toMatch(
      /checksum/,
    );
    const big = tarFile(buildTar([{ name: 'a.gguf', data: modelA }]));
    const error = await failure(
      readModelPack(big.tarPath, { extractRoot: big.extractRoot, tarLimits: { maxTotalBytes: 1000 } }),
    );
    expect(error.message).toMatch(/more than 1000 bytes/);
  });

  it('needs a folder to unpack into', async () => {
    const { tarPath } = tarFile(buildTar([{ name: 'a.gguf', data: modelA }]));
    expect((await failure(readModelPack(tarPath))).code).toBe('bad_request');
  });
});

describe('installModelPack', () => {
  function registryFailingOn(failOn: string | null) {
    const removed: string[] = [];
    return {
      removed,
      register: async (source: string) => {
        if (path.basename(source) === failOn) throw new OutpostError('storage_error', 'disk full');
        return { id: `id-${path.basename(source)}` };
      },
      remove: async (id: string) => {
        removed.push(id);
      },
    };
  }

  it('registers every verified file', async () => {
    const pack = await readModelPack(makePack({ 'a.gguf': modelA, 'b.gguf': modelB }));
    const installed = await installModelPack(pack, registryFailingOn(null));
    expect(installed.map((m) => m.id)).toEqual(['id-a.gguf', 'id-b.gguf']);
  });

  it('removes what it registered when a later registration fails', async () => {
    const pack = await readModelPack(makePack({ 'a.gguf': modelA, 'b.gguf': modelB }));
    const registry = registryFailingOn('b.gguf');
    await expect(installModelPack(pack, registry)).rejects.toThrow(/disk full/);
    expect(registry.removed).toEqual(['id-a.gguf']);
  });
});
