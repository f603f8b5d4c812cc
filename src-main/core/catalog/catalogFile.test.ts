import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../../src-preload/contract/catalog';
import { createMemoryLogger } from '../testing/testPorts';
import { loadCatalog, parseCatalog } from './catalogFile';
import { checkDraftPairs, checkShippedCatalog, REQUIRED_GGUF_QUANTS } from './catalogRules';
import { PURPOSES } from './recommend';
import { catalogDocument, ggufModel } from './testing/catalogFixtures';

const SHIPPED = path.resolve('resources/catalog.json');

function writeTemp(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'outpost-catalog-')), 'catalog.json');
  writeFileSync(file, content);
  return file;
}

describe('draft pairs', () => {
  it('pairs shipped targets with a smaller catalog model and reports a pair that is missing or not smaller', () => {
    const shipped = loadCatalog(SHIPPED, createMemoryLogger()).models;
    expect(shipped.find((m) => m.id === 'qwen2.5-1.5b-instruct')?.draftModelId).toBe('qwen2.5-0.5b-instruct');
    expect(checkDraftPairs(shipped)).toEqual([]);
    const big = { ...ggufModel('big'), parameterCountB: 3, draftModelId: 'small' };
    const small = { ...ggufModel('small'), parameterCountB: 0.5 };
    expect(checkDraftPairs([big, small])).toEqual([]);
    expect(checkDraftPairs([{ ...big, draftModelId: 'gone' }])).toEqual([
      'big: draft model gone is not in the catalog',
    ]);
    expect(checkDraftPairs([{ ...small, draftModelId: 'big' }, big])).toEqual([
      'small: draft model big is not smaller',
    ]);
  });
});

describe('loadCatalog', () => {
  it('keeps valid entries and skips an invalid one with a warning naming it and the zod issue', () => {
    const logger = createMemoryLogger();
    const broken = { ...ggufModel('broken'), contextLength: -5 };
    const result = parseCatalog(catalogDocument([ggufModel('good'), broken, ggufModel('also-good')]), logger);
    expect(result.models.map((m) => m.id)).toEqual(['good', 'also-good']);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]).toMatchObject({ index: 1, id: 'broken' });
    expect(result.skipped[0]?.reason).toMatch(/contextLength/);
    const warning = logger.lines.find((line) => line.level === 'warn');
    expect(warning?.fields).toMatchObject({ id: 'broken', index: 1 });
  });

  it('rejects unknown keys at any depth (no stray comment fields)', () => {
    const logger = createMemoryLogger();
    const model = ggufModel('noted');
    const withNote = { ...model, variants: [{ ...model.variants[0], _note: 'hi' }] };
    const result = parseCatalog(catalogDocument([withNote, { ...ggufModel('top'), _note: 'x' }]), logger);
    expect(result.models).toEqual([]);
    expect(result.skipped.map((s) => s.reason).join('\n')).toMatch(/_note/);
  });

  it('skips later duplicates of a model id, a variant id or a file name', () => {
    const logger = createMemoryLogger();
    const first = ggufModel('same');
    const variantClash = ggufModel('other', { variants: [first.variants[0]!] });
    const result = parseCatalog(catalogDocument([first, ggufModel('same'), variantClash]), logger);
    expect(result.models.map((m) => m.id)).toEqual(['same']);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/duplicate model id/),
      expect.stringMatching(/variant id .* already used/),
    ]);
  });

  it('skips a model whose variants repeat an id', () => {
    const model = ggufModel('twice');
    const repeated = { ...model, variants: [model.variants[0]!, model.variants[0]!] };
    const result = parseCatalog(catalogDocument([repeated]), createMemoryLogger());
    expect(result.skipped[0]?.reason).toMatch(/duplicate variant id/);
  });

  it('requires a shape for GGUF models', () => {
    const result = parseCatalog(catalogDocument([ggufModel('flat', { shape: null })]), createMemoryLogger());
    expect(result.skipped[0]?.reason).toMatch(/shape/);
  });

  it.each([
    ['not JSON', '{ "formatVersion": 1, ', /not valid JSON/],
    ['the wrong outer shape', JSON.stringify({ models: [] }), /formatVersion/],
    ['an array', '[]', /unusable/],
  ])('returns an empty catalog and one skipped record for %s', (_what, content, reason) => {
    const logger = createMemoryLogger();
    const result = loadCatalog(writeTemp(content), logger);
    expect(result.models).toEqual([]);
    expect(result.skipped).toEqual([{ index: -1, id: null, reason: expect.stringMatching(reason) }]);
    expect(logger.lines.some((line) => line.level === 'warn')).toBe(true);
  });

  it('never throws for a missing file', () => {
    const result = loadCatalog('/nonexistent/outpost/catalog.json', createMemoryLogger());
    expect(result.skipped[0]?.reason).toMatch(/could not be read/);
  });
});

describe('reranking entries', () => {
  const onnx = (id: string, purposes: CatalogModel['purposes']): CatalogModel => {
    const base = ggufModel(id);
    const file = { ...base.variants[0]!.files[0]!, fileName: `${id}.model.onnx` };
    return {
      ...base,
      format: 'onnx',
      shape: null,
      purposes,
      variants: [{ id: `${id}-fp32`, quantization: 'FP32', files: [file] }],
    };
  };

  it('accepts an ONNX cross-encoder serving only reranking, and refuses one mixed with another kind or in GGUF', () => {
    const logger = createMemoryLogger();
    const mixed = onnx('mixed', ['reranking', 'embedding']);
    const gguf = { ...ggufModel('gguf-reranker'), purposes: ['reranking'] };
    const result = parseCatalog(catalogDocument([onnx('reranker', ['reranking']), mixed, gguf]), logger);
    expect(result.models.map((m) => m.id)).toEqual(['reranker']);
    expect(result.skipped.map((s) => s.id)).toEqual(['mixed', 'gguf-reranker']);
    for (const skipped of result.skipped) expect(skipped.reason).toMatch(/'reranking' model is ONNX/);
  });

  it('ships ms-marco-MiniLM-L-6-v2 with its tokenizer and config in every variant', () => {
    const reranker = loadCatalog(SHIPPED, createMemoryLogger()).models.find((m) => m.id === 'ms-marco-minilm-l6-v2');
    expect(reranker).toMatchObject({ format: 'onnx', purposes: ['reranking'] });
    for (const variant of reranker!.variants) {
      const names = variant.files.map((f) => f.fileName);
      expect(names.some((n) => n.endsWith('.onnx'))).toBe(true);
      expect(names.some((n) => n.endsWith('tokenizer.json'))).toBe(true);
      expect(names.some((n) => n.endsWith('config.json'))).toBe(true);
    }
  });

  it('the shipped-catalog rules keep an ONNX model to one kind', () => {
    const embedder = onnx('emb', ['embedding']);
    const problems = checkShippedCatalog({ models: [{ ...embedder, purposes: ['embedding', 'chat'] }], skipped: [] });
    expect(problems.join('\n')).toMatch(/emb: ONNX models serve only embedding, or only reranking/);
  });
});

describe('the shipped catalog', () => {
  const catalog = loadCatalog(SHIPPED, createMemoryLogger());

  it('has no skipped entries and meets every shipped-catalog rule', () => {
    expect(catalog.skipped).toEqual([]);
    expect(checkShippedCatalog(catalog)).toEqual([]);
  });

  it('serves every purpose', () => {
    for (const purpose of PURPOSES) expect(catalog.models.some((m) => m.purposes.includes(purpose))).toBe(true);
  });

  it('offers Q2_K, Q4_K_M, Q5_K_M and Q8_0 for every GGUF model', () => {
    for (const model of catalog.models.filter((m) => m.format === 'gguf')) {
      expect(model.variants.map((v) => v.quantization)).toEqual(expect.arrayContaining([...REQUIRED_GGUF_QUANTS]));
    }
  });

  it('downloads only over https from huggingface.co', () => {
    const urls = catalog.models.flatMap((m) => m.variants.flatMap((v) => v.files.flatMap((f) => f.urls)));
    expect(urls.length).toBeGreaterThan(50);
    for (const url of urls) expect(url).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main\//);
  });

  it('names a file on disk after the file it downloads, for GGUF models', () => {
    for (const model of catalog.models.filter((m) => m.format === 'gguf')) {
      for (const file of model.variants.flatMap((v) => v.files))
        expect(file.urls[0]?.endsWith(`/${file.fileName}`)).toBe(true);
    }
  });

  it('flags the rule checker on a catalog that breaks the rules', () => {
    const bad = ggufModel('bad', { homepage: 'http://example.com/x' });
    const onlyQ4 = { ...bad, variants: [bad.variants[1]!] };
    const problems = checkShippedCatalog({ models: [onlyQ4], skipped: [] });
    expect(problems.join('\n')).toMatch(/missing GGUF variants Q2_K, Q5_K_M, Q8_0/);
    expect(problems.join('\n')).toMatch(/homepage/);
    expect(problems.join('\n')).toMatch(/no model serves 'embedding'/);
  });
});
