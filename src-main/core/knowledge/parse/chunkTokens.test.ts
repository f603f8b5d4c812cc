/** Chunks sized in the embedding model's own tokens (its generated tokenizer.json), cached per model, estimated without one. */
import fs from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestEmbeddingModel } from '../../embeddings/testing/embeddingsHarness';
import { makeTempDir } from '../../testing/testPorts';
import { approximateTokens } from '../chunker';
import { createTestKnowledge } from '../testing/knowledgeHarness';
import { tokenCounting } from './chunkTokens';
import { runParseJob } from './parseJob';

const model = makeTestEmbeddingModel(makeTempDir('outpost-chunk-tokens-'));
const reference = new Tokenizer(JSON.parse(fs.readFileSync(model.tokenizerPath, 'utf8')) as object, {});
const tokensOf = (text: string) => reference.encode(text, { add_special_tokens: false }).ids.length;
// Single-letter words: one token each for the model, a quarter of that for the ~4-characters estimate.
const words = (n: number) => Array.from({ length: n }, () => 'a').join(' ');

describe('chunk token counting', () => {
  it("counts with the model's tokenizer and leaves room for its special tokens", () => {
    const counting = tokenCounting({ path: model.tokenizerPath, maxLength: 32 });
    expect(counting.source).toBe('tokenizer');
    expect(counting.count(words(40))).toBe(40);
    expect(counting.count('the dog drinks coffee')).toBe(tokensOf('the dog drinks coffee'));
    expect(approximateTokens(words(40))).toBeLessThan(40);
    const specials = reference.encode('').ids.length;
    expect(specials).toBeGreaterThan(0);
    expect(counting.budget(200)).toBe(32 - specials);
    expect(counting.budget(10)).toBe(10);
  });

  it('caches a tokenizer per model file and notices a replaced one', () => {
    const dir = makeTempDir('outpost-chunk-tokens-cache-');
    const copy = path.join(dir, 'tokenizer.json');
    fs.copyFileSync(model.tokenizerPath, copy);
    const first = tokenCounting({ path: copy, maxLength: 64 });
    expect(tokenCounting({ path: copy, maxLength: 64 })).toBe(first);
    fs.utimesSync(copy, new Date(2_000_000_000_000), new Date(2_000_000_000_000));
    const reloaded = tokenCounting({ path: copy, maxLength: 64 });
    expect(reloaded).not.toBe(first);
    expect(reloaded.source).toBe('tokenizer');
  });

  it('falls back to the estimate without a usable tokenizer file', () => {
    const dir = makeTempDir('outpost-chunk-tokens-bad-');
    const broken = path.join(dir, 'tokenizer.json');
    fs.writeFileSync(broken, '{ not json');
    for (const spec of [
      null,
      { path: path.join(dir, 'missing.json'), maxLength: 64 },
      { path: broken, maxLength: 64 },
    ]) {
      const counting = tokenCounting(spec);
      expect(counting.source).toBe('estimate');
      expect(counting.count(words(40))).toBe(approximateTokens(words(40)));
      expect(counting.budget(200)).toBe(200);
    }
  });

  it('sizes a parse job’s chunks by the tokenizer, within the model’s input length', async () => {
    const file = path.join(makeTempDir('outpost-chunk-tokens-doc-'), 'letters.txt');
    fs.writeFileSync(file, `${words(30)}.\n\n${words(30)}.\n\n${words(30)}.\n`);
    const request = { path: file, format: 'text' as const, maxBytes: 1_000_000, maxTokens: 200, overlapTokens: 0 };
    const sized = await runParseJob({ ...request, tokenizer: { path: model.tokenizerPath, maxLength: 40 } });
    const estimated = await runParseJob(request);
    if (!sized.ok || !estimated.ok) throw new Error('parsing failed');
    const budget = 40 - reference.encode('').ids.length;
    expect(sized.chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of sized.chunks) {
      expect(chunk.tokens).toBe(tokensOf(chunk.text));
      expect(chunk.tokens).toBeLessThanOrEqual(budget);
    }
    // The estimate sees a quarter of the tokens: everything fits one 200-token chunk.
    expect(estimated.chunks).toHaveLength(1);
  });
});

describe('indexing with an ONNX embedding model', () => {
  const disposers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const dispose of disposers.splice(0)) await dispose();
  });

  it("chunks on the parser thread in the active model's tokens", async () => {
    const h = createTestKnowledge({
      workerThread: true,
      embedder: {
        spec: {
          kind: 'onnx',
          key: 'onnx:test',
          name: 'test',
          modelPath: model.modelPath,
          tokenizerPath: model.tokenizerPath,
          maxLength: 24,
        },
        dimensions: model.dim,
      },
    });
    disposers.push(() => h.knowledge.dispose());
    fs.writeFileSync(path.join(h.folder, 'notes.md'), `# Letters\n\n${words(50)}\n\n## More\n\n${words(50)}\n`);
    const base = h.knowledge.create('Tokens', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    const [file] = h.knowledge.files.byBase(base.id);
    expect(file).toMatchObject({ status: 'indexed' });
    const chunks = [...h.knowledge.chunks.byIds(h.knowledge.chunks.idsOfFiles([file!.id])).values()];
    const budget = 24 - reference.encode('').ids.length;
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(100 / budget));
    for (const chunk of chunks) {
      expect(chunk.tokens).toBe(tokensOf(chunk.text));
      expect(chunk.tokens).toBeLessThanOrEqual(budget);
    }
  });
});
