import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planGgufFile } from './gguf-writer';
import { LLAMA_SHAPES } from './llama-shapes';
import { buildTestModelSpec, makeTestModel, testModelFileName, writeTestModel } from './make-test-model';
import { buildTestTokenizer } from './tokenizer';

let workDir = '';
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'make-test-model-test-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function sha256(filePath: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(filePath))
    .digest('hex');
}

describe('writeTestModel determinism', () => {
  it('gives byte-identical files for the same seed and different files for another seed', async () => {
    const [first, again, other] = ['a.gguf', 'b.gguf', 'c.gguf'].map((name) => path.join(workDir, name)) as [
      string,
      string,
      string,
    ];
    await writeTestModel(first, { seed: 7 });
    await writeTestModel(again, { seed: 7 });
    await writeTestModel(other, { seed: 8 });
    expect(await sha256(again)).toBe(await sha256(first));
    expect(await sha256(other)).not.toBe(await sha256(first));
    // No temporary files are left behind.
    expect((await readdir(workDir)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

describe('makeTestModel', () => {
  it('returns an absolute cached path and reuses the file on the next call', async () => {
    const dir = path.join(workDir, 'cache');
    const modelPath = await makeTestModel({ dir, seed: 3 });
    expect(path.isAbsolute(modelPath)).toBe(true);
    expect(path.basename(modelPath)).toBe(testModelFileName({ seed: 3 }));
    const firstWrite = await stat(modelPath);
    expect(firstWrite.size).toBe(planGgufFile(buildTestModelSpec({ seed: 3 })).totalBytes);
    expect(firstWrite.size).toBeLessThan(2 * 1024 * 1024);

    expect(await makeTestModel({ dir, seed: 3 })).toBe(modelPath);
    expect((await stat(modelPath)).mtimeMs).toBe(firstWrite.mtimeMs);
  });

  it('encodes every option in the file name', () => {
    const names = new Set([
      testModelFileName(),
      testModelFileName({ seed: 2 }),
      testModelFileName({ type: 'F16' }),
      testModelFileName({ shape: '0.5b' }),
      testModelFileName({ shape: { ...LLAMA_SHAPES.tiny, blockCount: 3 } }),
      testModelFileName({ contextLength: 512 }),
      testModelFileName({ name: 'other' }),
      testModelFileName({ name: 'Other' }),
      testModelFileName({ vocabPadTo: 1024 }),
      testModelFileName({ vocabulary: 'cl100k' }),
    ]);
    expect(names.size).toBe(10);
    // The default vocabulary keeps the names (and cached files) from before vocabularies existed.
    expect(testModelFileName({ vocabulary: 'tiny' })).toBe(testModelFileName());
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9._-]+\.gguf$/);
  });

  it('rejects shapes that the weight type cannot store', async () => {
    await expect(
      makeTestModel({ dir: workDir, shape: { ...LLAMA_SHAPES.tiny, embeddingLength: 48, headCount: 4 } }),
    ).rejects.toThrow(/divisible by 32/);
  });

  it('writes llama hyper-parameters, tokenizer and padded vocab into the metadata', async () => {
    const modelPath = await makeTestModel({ dir: workDir, type: 'F16', vocabPadTo: 512, contextLength: 1024 });
    const info = await readGgufFileInfo(modelPath, { logWarnings: false });
    expect(info.metadata.general).toMatchObject({ architecture: 'llama', file_type: 1 });
    expect(info.architectureMetadata).toMatchObject({
      context_length: 1024,
      embedding_length: 64,
      block_count: 2,
      feed_forward_length: 128,
      vocab_size: 512,
      attention: { head_count: 4, head_count_kv: 2 },
      rope: { dimension_count: 16 },
    });
    const tokens = info.metadata.tokenizer.ggml.tokens;
    expect(tokens).toHaveLength(512);
    expect(tokens.at(-1)).toBe(`<|pad_${512 - buildTestTokenizer().tokens.length - 1}|>`);
    const output = info.tensorInfo?.find((tensor) => tensor.name === 'output.weight');
    expect(output?.dimensions.map(Number)).toEqual([64, 512]);
  });
});
