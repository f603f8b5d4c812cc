import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_OPTIONS, OutpostError } from '@contract';
import { writeGgufFile } from '../../../scripts/test-model/gguf-writer';
import { makeTestModel, writeTestModel } from '../../../scripts/test-model/make-test-model';
import { oneDefectCorpus } from '../../../scripts/test-model/one-defect-corpus';
import { openDatabase } from '../storage/openDatabase';
import { migrations } from '../storage/schema';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import { readGgufHeader } from './ggufHeader';
import { ModelRegistry, modelsDirFor } from './modelRegistry';

const opened: Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function setup(dataDir = makeTempDir()) {
  const logger = createMemoryLogger();
  const dbFile = path.join(dataDir, 'outpost.db');
  const { db } = openDatabase(dbFile, migrations, logger);
  opened.push(db);
  let clock = 1_000;
  const registry = new ModelRegistry(db, dbFile, modelsDirFor(dataDir), logger, () => clock++);
  return { dataDir, db, logger, registry, modelsDir: registry.modelsDir };
}

async function expectOutpostError(promise: Promise<unknown> | (() => unknown), code: string, message: RegExp) {
  const run = typeof promise === 'function' ? async () => promise() : () => promise;
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutpostError);
  expect({ code: (error as OutpostError).code, message: (error as OutpostError).message }).toEqual({
    code,
    message: expect.stringMatching(message),
  });
  return error as OutpostError;
}

/** Broken "models" a user might pick: a cut-off download, a zip, random bytes. */
async function writeBrokenModels(dir: string) {
  mkdirSync(dir, { recursive: true });
  const valid = readFileSync(await makeTestModel({ seed: 1 }));
  const files = {
    truncated: path.join(dir, 'truncated.gguf'),
    zip: path.join(dir, 'archive.gguf'),
    random: path.join(dir, 'noise.gguf'),
  };
  writeFileSync(files.truncated, valid.subarray(0, Math.floor(valid.length / 2)));
  writeFileSync(files.zip, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]));
  writeFileSync(files.random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2_654_435_761) >>> 24)));
  return files;
}

describe('ModelRegistry.scan', () => {
  it('registers generated models in the models folder and ignores partial and hidden files', async () => {
    const { registry, modelsDir } = setup();
    await writeTestModel(path.join(modelsDir, 'alpha.gguf'), { seed: 1 });
    await writeTestModel(path.join(modelsDir, 'Beta Model.Q8_0.GGUF'), { seed: 2, contextLength: 2048 });
    writeFileSync(path.join(modelsDir, 'gamma.gguf.part'), 'partial');
    writeFileSync(path.join(modelsDir, 'delta.partial'), 'partial');
    writeFileSync(path.join(modelsDir, '.hidden.gguf'), 'hidden');
    writeFileSync(path.join(modelsDir, 'notes.txt'), 'text');

    const models = await registry.scan();
    expect(models.map((m) => [m.id, m.source, m.problem])).toEqual([
      ['alpha', 'scanned', null],
      ['beta-model.q8_0', 'scanned', null],
    ]);
    expect(models[1]!.metadata?.contextLength).toBe(2048);
    expect(models[0]!.loadOptions).toEqual(DEFAULT_LOAD_OPTIONS);
    expect(await registry.scan()).toEqual(models); // idempotent
  });

  it('reads metadata without loading weights', async () => {
    const { registry, modelsDir } = setup();
    const file = path.join(modelsDir, 'tiny.gguf');
    await writeTestModel(file, { shape: 'tiny', type: 'Q8_0', seed: 3, contextLength: 1024 });
    const [model] = await registry.scan();
    const header = await readGgufHeader(file);
    expect(model!.metadata).toEqual({
      architecture: 'llama',
      name: 'outpost-test',
      quantization: 'Q8_0',
      parameterCount: header.tensors.reduce((sum, t) => sum + t.elementCount, 0),
      contextLength: 1024,
      layerCount: 2,
      embeddingLength: 64,
      hasChatTemplate: true,
      tensorCount: header.tensorCount,
    });
    expect(model!.sizeBytes).toBe(statSync(file).size);
  });

  it('lists invalid files with a problem instead of failing the scan', async () => {
    const { registry, modelsDir } = setup();
    await writeBrokenModels(modelsDir);
    await writeTestModel(path.join(modelsDir, 'good.gguf'), { seed: 1 });
    const byId = Object.fromEntries((await registry.scan()).map((m) => [m.id, m]));
    expect(byId['good']!.problem).toBeNull();
    expect(byId['truncated']!.problem).toMatch(/^file is truncated/);
    expect(byId['archive']!.problem).toMatch(/not a GGUF file \(it looks like a ZIP archive\)/);
    expect(byId['noise']!.problem).toMatch(/not a GGUF file/);
    expect(byId['noise']!.metadata).toBeNull();
  });

  it('marks a vanished file, re-reads a changed one, and clears the problem when it is back', async () => {
    const { registry, modelsDir } = setup();
    const file = path.join(modelsDir, 'm.gguf');
    await writeTestModel(file, { seed: 1, contextLength: 4096 });
    await registry.scan();
    const backup = path.join(makeTempDir(), 'm.gguf');
    copyFileSync(file, backup);

    rmSync(file);
    const [missing] = await registry.scan();
    expect(missing!.problem).toBe(`file is missing: ${file}`);
    expect(missing!.metadata?.contextLength).toBe(4096); // kept, so the user still sees what it was
    await expectOutpostError(registry.recheck('m'), 'not_found', /^m\.gguf is missing: /);

    await writeTestModel(file, { seed: 1, contextLength: 512, name: 'a different and longer name' });
    const [changed] = await registry.scan();
    expect(changed!.problem).toBeNull();
    expect(changed!.metadata?.contextLength).toBe(512);
    expect(changed!.sizeBytes).toBe(statSync(file).size);
  });
});

describe('ModelRegistry.register', () => {
  it('copies a valid model into the models folder with progress', async () => {
    const { registry, modelsDir } = setup();
    const source = await makeTestModel({ seed: 4 });
    const progress: Array<[number, number]> = [];
    const model = await registry.register(source, 'copy', undefined, (copied, total) => progress.push([copied, total]));
    const size = statSync(source).size;
    expect(model).toMatchObject({
      source: 'copied',
      path: path.join(modelsDir, path.basename(source)),
      sizeBytes: size,
    });
    expect(readFileSync(model.path).equals(readFileSync(source))).toBe(true);
    expect(progress.at(-1)).toEqual([size, size]);
    expect(model.metadata?.architecture).toBe('llama');
    expect(readdirSync(modelsDir)).toEqual([path.basename(source)]);

    await expectOutpostError(registry.register(source, 'copy'), 'conflict', /already installed/);
  });

  it('links a model where it is, without copying, and refuses to link it twice', async () => {
    const { registry, modelsDir } = setup();
    const source = path.join(makeTempDir(), 'linked.gguf');
    await writeTestModel(source, { seed: 5 });
    const model = await registry.register(source, 'link');
    expect(model).toMatchObject({ id: 'linked', source: 'linked', path: source, problem: null });
    expect(readdirSync(modelsDir)).toEqual([]);
    await expectOutpostError(
      registry.register(source, 'link'),
      'conflict',
      /linked\.gguf is already installed \(as "linked"\)/,
    );
  });

  it('rejects invalid files with invalid_model naming the file, before copying anything', async () => {
    const { registry, modelsDir } = setup();
    const files = await writeBrokenModels(makeTempDir());
    for (const [mode, [file, message]] of [
      ['copy', [files.truncated, /^truncated\.gguf: file is truncated/]],
      ['link', [files.zip, /^archive\.gguf: not a GGUF file \(it looks like a ZIP archive\)$/]],
      ['copy', [files.random, /^noise\.gguf: not a GGUF file/]],
    ] as const) {
      const error = await expectOutpostError(registry.register(file, mode), 'invalid_model', message);
      expect(error.details).toMatchObject({ file, reason: expect.any(String) });
    }
    expect(readdirSync(modelsDir)).toEqual([]);
    expect(registry.list()).toEqual([]);
    await expectOutpostError(registry.register(path.join(modelsDir, 'nope.gguf'), 'copy'), 'not_found', /nope\.gguf/);
  });

  it('refuses relative and ~ paths instead of resolving them against the working folder', async () => {
    const { registry, modelsDir } = setup();
    const dir = makeTempDir();
    await writeTestModel(path.join(dir, 'rel.gguf'), { seed: 3 });
    const relative = path.relative(process.cwd(), path.join(dir, 'rel.gguf'));
    for (const named of [relative, 'rel.gguf', '~/rel.gguf', './rel.gguf']) {
      const error = await expectOutpostError(
        registry.register(named, 'link'),
        'bad_request',
        /must be an absolute path/,
      );
      expect(error.details).toEqual({ reason: 'relative_path' });
    }
    expect(registry.list()).toEqual([]);
    expect(readdirSync(modelsDir)).toEqual([]);
  });

  it('names the key at fault and never quotes the bytes of a file that is not a model', async () => {
    const { registry } = setup();
    const dir = makeTempDir();
    const typed = oneDefectCorpus().find((c) => c.name === 'type-llama-attention-head-count-string')!;
    await writeGgufFile(path.join(dir, 'typed.gguf'), typed.spec);
    const wrongType = await expectOutpostError(
      registry.register(path.join(dir, 'typed.gguf'), 'link'),
      'invalid_model',
      /^typed\.gguf: metadata 'llama\.attention\.head_count' should be an unsigned integer or per-layer array but is a string$/,
    );
    expect(wrongType.details).toMatchObject({ reason: 'wrong_type', field: 'llama.attention.head_count' });
    const secret = path.join(dir, 'shadow');
    writeFileSync(secret, 'root:$6$secret-hash:19000:0:99999:7:::\n');
    const error = await expectOutpostError(
      registry.register(secret, 'link'),
      'invalid_model',
      /^shadow: not a GGUF file/,
    );
    expect(error.message).not.toMatch(/root|secret|\$6/);
  });

  it('leaves nothing behind when the copy is aborted midway', async () => {
    const { registry, modelsDir } = setup();
    const source = path.join(makeTempDir(), 'big.gguf');
    await writeTestModel(source, { seed: 6, vocabPadTo: 40_000 }); // several MB: many 1 MiB chunks
    const controller = new AbortController();
    const copiedSoFar: number[] = [];
    const copying = registry.register(source, 'copy', controller.signal, (copied) => {
      copiedSoFar.push(copied);
      controller.abort();
    });
    await expectOutpostError(copying, 'aborted', /Copying big\.gguf was cancelled/);
    expect(Math.max(...copiedSoFar)).toBeLessThan(statSync(source).size); // stopped midway
    expect(readdirSync(modelsDir)).toEqual([]);
    expect(registry.list()).toEqual([]);

    const aborted = AbortSignal.abort();
    await expectOutpostError(registry.register(source, 'copy', aborted), 'aborted', /cancelled/);
    expect(readdirSync(modelsDir)).toEqual([]);
  });

  it('gives de-duplicated readable ids', async () => {
    const { registry, modelsDir } = setup();
    await writeTestModel(path.join(modelsDir, 'Model.gguf'), { seed: 1 });
    await registry.scan();
    const elsewhere = path.join(makeTempDir(), 'model.gguf');
    const third = path.join(makeTempDir(), 'MODEL.gguf');
    await writeTestModel(elsewhere, { seed: 2 });
    await writeTestModel(third, { seed: 3 });
    expect((await registry.register(elsewhere, 'link')).id).toBe('model-2');
    expect((await registry.register(third, 'link')).id).toBe('model-3');
  });

  it('keeps models across restarts', async () => {
    const first = setup();
    await writeTestModel(path.join(first.modelsDir, 'kept.gguf'), { seed: 1 });
    await first.registry.scan();
    const second = setup(first.dataDir);
    expect(second.registry.list().map((m) => m.id)).toEqual(['kept']);
  });
});

describe('ModelRegistry.remove', () => {
  it('deletes a copied file and reports the bytes freed', async () => {
    const { registry } = setup();
    const model = await registry.register(await makeTestModel({ seed: 7 }), 'copy');
    expect(await registry.remove(model.id)).toEqual({ freedBytes: model.sizeBytes });
    expect(existsSync(model.path)).toBe(false);
    await expectOutpostError(() => registry.get(model.id), 'not_found', /No installed model with id "/);
  });

  it('never deletes a linked file outside the models folder', async () => {
    const { registry } = setup();
    const source = path.join(makeTempDir(), 'keep-me.gguf');
    await writeTestModel(source, { seed: 8 });
    const model = await registry.register(source, 'link');
    expect(await registry.remove(model.id)).toEqual({ freedBytes: 0 });
    expect(existsSync(source)).toBe(true);
    expect(registry.list()).toEqual([]);
  });
});

describe('ModelRegistry.recheck', () => {
  it('accepts an unchanged file and rejects one replaced by garbage', async () => {
    const { registry, modelsDir } = setup();
    const file = path.join(modelsDir, 'swap.gguf');
    await writeTestModel(file, { seed: 1 });
    await registry.scan();
    expect((await registry.recheck('swap')).problem).toBeNull();

    writeFileSync(file, Buffer.from('PK\x03\x04 not a model any more', 'latin1'));
    const error = await expectOutpostError(registry.recheck('swap'), 'invalid_model', /^swap\.gguf: not a GGUF file/);
    expect(error.details).toMatchObject({ file, reason: 'not_gguf' });
    expect(registry.get('swap')).toMatchObject({ problem: expect.stringMatching(/not a GGUF file/), metadata: null });
  });
});

describe('ModelRegistry load options', () => {
  it('round-trips validated options and falls back to defaults when stored JSON is bad', async () => {
    const { registry, db, logger, modelsDir } = setup();
    await writeTestModel(path.join(modelsDir, 'opts.gguf'), { seed: 1 });
    await registry.scan();
    const updated = registry.setLoadOptions('opts', { gpuLayers: 12, contextSize: 8192, flashAttention: true });
    expect(updated.loadOptions).toEqual({
      ...DEFAULT_LOAD_OPTIONS,
      gpuLayers: 12,
      contextSize: 8192,
      flashAttention: true,
    });
    expect(registry.get('opts').loadOptions).toEqual(updated.loadOptions);

    await expectOutpostError(() => registry.setLoadOptions('opts', { contextSize: 5 }), 'bad_request', /contextSize/);
    await expectOutpostError(() => registry.setLoadOptions('missing', {}), 'not_found', /"missing"/);

    db.prepare('UPDATE models SET load_options_json = ? WHERE id = ?').run('{not json', 'opts');
    expect(registry.get('opts').loadOptions).toEqual(DEFAULT_LOAD_OPTIONS);
    expect(registry.list()[0]!.loadOptions).toEqual(DEFAULT_LOAD_OPTIONS);
    const warnings = logger.lines.filter((line) => line.level === 'warn' && line.message.includes('load options'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.fields).toMatchObject({ modelId: 'opts' });
  });
});
