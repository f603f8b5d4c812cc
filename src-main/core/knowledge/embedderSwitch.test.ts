/**
 * Switching the embedding model: chunks re-embed with the new model in the background, and when its tokenizer
 * sizes chunks differently (here: a shorter input length) the files are re-chunked to its budget — their old
 * chunks are never embedded with the new model first. A model with the same tokenizer content under another
 * path re-chunks nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import { createTestEmbeddings, makeTestEmbeddingModel, onnxSpec } from '../embeddings/testing/embeddingsHarness';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import type { Embedder } from './knowledgeVectors';
import { createTestKnowledge } from './testing/knowledgeHarness';

const words = (n: number, word: string) => Array.from({ length: n }, () => word).join(' ');

describe('knowledge after an embedding model switch', () => {
  const dir = makeTempDir('outpost-knowledge-switch-');
  const model = makeTestEmbeddingModel(path.join(dir, 'a'));
  // The same model and tokenizer content under another folder: a different key, the same chunking.
  const twinDir = path.join(dir, 'twin');
  fs.cpSync(model.dir, twinDir, { recursive: true });
  const twin = { ...model, modelPath: path.join(twinDir, path.basename(model.modelPath)) };
  twin.tokenizerPath = path.join(twinDir, path.basename(model.tokenizerPath));
  const embedder = (key: string, maxLength: number, m = model): Embedder => ({
    spec: { ...onnxSpec(m, key), maxLength } as Embedder['spec'],
    dimensions: model.dim,
  });
  let embeddings: EmbeddingsClient;
  /** Every text the real worker embedded, by model key. */
  const embedded = new Map<string, string[]>();

  beforeAll(() => {
    embeddings = createTestEmbeddings(createMemoryLogger());
    const embed = embeddings.embed.bind(embeddings);
    embeddings.embed = (spec, texts, signal) => {
      embedded.set(spec.key, [...(embedded.get(spec.key) ?? []), ...texts]);
      return embed(spec, texts, signal);
    };
  });
  afterAll(async () => {
    await embeddings.dispose();
  });

  it('re-embeds every chunk, and re-chunks to the new tokenizer budget', async () => {
    const h = createTestKnowledge({ embeddings, embedder: embedder('onnx:wide', 128) });
    fs.writeFileSync(path.join(h.folder, 'notes.md'), `# Notes\n\n${words(60, 'dog')}\n\n${words(60, 'coffee')}\n`);
    fs.writeFileSync(path.join(h.folder, 'short.txt'), 'old red router');
    await h.knowledge.start();
    const base = h.knowledge.create('Switch', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    const chunkIds = () => h.knowledge.chunks.idsOfFiles(h.knowledge.files.byBase(base.id).map((f) => f.id));
    const vectorsOf = (key: string) =>
      h.db.prepare('SELECT count(*) FROM knowledge_vectors WHERE model_key = ?').pluck().get(key) as number;
    const wide = chunkIds();
    const textsOf = (ids: number[]) => [...h.knowledge.chunks.byIds(ids).values()].map((c) => c.text).sort();
    expect(vectorsOf('onnx:wide')).toBe(wide.length);
    expect(embedded.get('onnx:wide')?.sort()).toEqual(textsOf(wide));

    // Same tokenizer content elsewhere: vectors are redone for the new key, chunks stay as they are.
    h.setEmbedder(embedder('onnx:twin', 128, twin));
    await h.knowledge.embedderChanged();
    await h.knowledge.idle();
    expect(chunkIds()).toEqual(wide);
    expect(vectorsOf('onnx:twin')).toBe(wide.length);
    expect(embedded.get('onnx:twin')?.sort()).toEqual(textsOf(wide));

    // A 24-token input: the 60-word paragraphs no longer fit one chunk each.
    h.setEmbedder(embedder('onnx:narrow', 24));
    await h.knowledge.embedderChanged();
    await h.knowledge.idle();
    const narrow = chunkIds();
    expect(narrow.length).toBeGreaterThan(wide.length);
    for (const chunk of h.knowledge.chunks.byIds(narrow).values()) expect(chunk.tokens).toBeLessThanOrEqual(24);
    expect(vectorsOf('onnx:narrow')).toBe(narrow.length);
    // Only the new chunks went through the worker: the old ones were replaced without being embedded first.
    expect(embedded.get('onnx:narrow')?.sort()).toEqual(textsOf(narrow));
    expect(h.knowledge.get(base.id).counts).toMatchObject({ indexed: 2, pending: 0 });
    expect(h.knowledge.get(base.id).progress.unembedded).toBe(0);
    await h.knowledge.dispose();
  });
});
