/**
 * A reranker from the model catalog, through the real core: the catalog's 'reranking' entry is downloaded from a
 * loopback server (a generated tiny cross-encoder, its tokenizer and config), lands in `<dataDir>/rerankers/<id>/`,
 * is listed for the reranker setting, and once chosen there a knowledge search reports it reranked the hits.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogModel, CatalogView, Download, KnowledgeBase, KnowledgeSearchResult } from '@contract';
import { crossEncoderScore, makeTestCrossEncoder } from '../../../scripts/lib/onnx/makeTestCrossEncoder';
import { catalogDocument } from '../catalog/testing/catalogFixtures';
import { FakeModelServer } from '../downloads/testing/fakeModelServer';
import { startCoreHarness, type CoreHarness } from '../testing/coreHarness';
import { makeTempDir } from '../testing/testPorts';

const RERANKER_ID = 'tiny-reranker';
const VARIANT_ID = 'tiny-reranker-fp32';
const WEIGHTS = { gold: 5, silver: 3, bronze: 1 };
const DOCS: Record<string, string> = {
  'a.md': 'metal',
  'b.md': 'metal bronze and more words',
  'c.md': 'metal gold with many other words in a longer sentence',
  'd.md': 'metal silver plus a few words',
};

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

/** The generated cross-encoder's files, served by `server`, as one catalog variant. */
function rerankerEntry(server: FakeModelServer): CatalogModel {
  const model = makeTestCrossEncoder({ dir: makeTempDir('outpost-reranker-src-'), weights: WEIGHTS });
  const files = [
    ['model.onnx', model.modelPath],
    ['tokenizer.json', model.tokenizerPath],
    ['config.json', path.join(model.dir, 'config.json')],
  ].map(([name, source]) => {
    const body = fs.readFileSync(source!);
    return {
      fileName: `${RERANKER_ID}.${name}`,
      sizeBytes: body.length,
      sizeVerified: true,
      sha256: sha256(body),
      urls: [server.serve(`/reranker/${name}`, body)],
    };
  });
  return {
    id: RERANKER_ID,
    name: 'Tiny reranker',
    publisher: 'Test',
    description: 'A generated cross-encoder',
    format: 'onnx',
    purposes: ['reranking'],
    license: { id: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    parameterCountB: 0.001,
    contextLength: 128,
    toolCalling: false,
    shape: null,
    homepage: 'https://huggingface.co/test/tiny-reranker',
    variants: [{ id: VARIANT_ID, quantization: 'FP32', files }],
  };
}

describe('a reranker installed from the catalog', () => {
  let server: FakeModelServer;
  let h: CoreHarness;
  const docs = makeTempDir('outpost-reranker-docs-');

  beforeAll(async () => {
    server = await FakeModelServer.start();
    const catalogFile = path.join(makeTempDir('outpost-reranker-catalog-'), 'catalog.json');
    fs.writeFileSync(catalogFile, JSON.stringify(catalogDocument([rerankerEntry(server)])));
    h = await startCoreHarness({ ports: { catalogFile } });
  });
  afterAll(async () => {
    await h?.stop();
    await server?.close();
  });

  it('downloads into rerankers/<id>/, is offered in the setting, and reranks knowledge search', async () => {
    const entry = () => h.call<CatalogView>('catalog.list', {}).then((v) => v.models.find((m) => m.id === RERANKER_ID));
    expect(await entry()).toMatchObject({ purposes: ['reranking'], installedVariantIds: [] });
    expect(await h.call('knowledge.rerankers', {})).toEqual([]);

    const started = await h.call<Download[]>('downloads.start', { modelId: RERANKER_ID, variantId: VARIANT_ID });
    expect(started).toHaveLength(3);
    await expect
      .poll(async () => (await h.call<Download[]>('downloads.list', {})).map((d) => d.state), {
        timeout: 60_000,
        interval: 100,
      })
      .toEqual(['done', 'done', 'done']);
    const downloads = await h.call<Download[]>('downloads.list', {});
    expect(downloads.every((d) => d.verifiedBy === 'sha256' && d.installedModelId === null)).toBe(true);
    const folder = path.join(h.dataDir, 'rerankers', RERANKER_ID);
    expect(fs.readdirSync(folder).sort()).toEqual(
      ['config.json', 'model.onnx', 'tokenizer.json'].map((name) => `${RERANKER_ID}.${name}`),
    );
    expect((await entry())?.installedVariantIds).toEqual([VARIANT_ID]);
    expect(await h.call('knowledge.rerankers', {})).toEqual([{ name: RERANKER_ID }]);

    await h.call('tools.grantFolder', { path: docs, agentId: null });
    for (const [name, text] of Object.entries(DOCS)) fs.writeFileSync(path.join(docs, name), text);
    const base = await h.call<KnowledgeBase>('knowledge.create', {
      name: 'Metals',
      sources: [{ kind: 'folder', path: docs }],
    });
    await expect
      .poll(async () => (await h.call<KnowledgeBase>('knowledge.get', { baseId: base.id })).counts, {
        timeout: 60_000,
        interval: 100,
      })
      .toMatchObject({ indexed: 4, pending: 0 });
    const search = () =>
      h.call<KnowledgeSearchResult>('knowledge.search', { query: 'metal', baseIds: [base.id], k: 4 });

    expect((await search()).reranker ?? null).toBeNull();
    await h.call('settings.set', { knowledgeRerank: true, knowledgeReranker: RERANKER_ID });
    const reranked = await search();
    expect(reranked.reranker).toBe(RERANKER_ID);
    const expected = Object.keys(DOCS).sort(
      (a, b) => crossEncoderScore(WEIGHTS, DOCS[b]!) - crossEncoderScore(WEIGHTS, DOCS[a]!),
    );
    expect(reranked.hits.map((hit) => hit.fileName)).toEqual(expected);
    expect(reranked.hits.every((hit) => typeof hit.rerankScore === 'number')).toBe(true);

    // A name no longer installed falls back to the first installed reranker rather than turning reranking off.
    await h.call('settings.set', { knowledgeReranker: 'removed-reranker' });
    expect((await search()).reranker).toBe(RERANKER_ID);
  }, 180_000); // a download, a worker start and an index pass: generous under a loaded machine
});
