import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gguf, writeGgufFile } from '../../../scripts/test-model/gguf-writer';
import { buildTestModelSpec } from '../../../scripts/test-model/make-test-model';
import { oneDefectCorpus } from '../../../scripts/test-model/one-defect-corpus';
import { GgufValidationError, readGgufHeader } from './ggufHeader';
import { inspectModelFile } from './modelInspection';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gguf-semantics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function headerError(spec: Parameters<typeof writeGgufFile>[1], name: string): Promise<GgufValidationError> {
  const file = path.join(dir, `${name}.gguf`);
  await writeGgufFile(file, spec);
  const error = await readGgufHeader(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GgufValidationError);
  return error as GgufValidationError;
}

function replaced(key: string, value: ReturnType<typeof gguf.uint32>) {
  const base = buildTestModelSpec({ shape: 'tiny' });
  return { ...base, metadata: base.metadata.map(([k, v]) => [k, k === key ? value : v] as const) };
}

describe('GGUF semantic validation', () => {
  it('accepts the unmodified test model', async () => {
    const file = path.join(dir, 'good.gguf');
    await writeGgufFile(file, buildTestModelSpec({ shape: 'tiny' }));
    await expect(readGgufHeader(file)).resolves.toMatchObject({ tensorCount: 21 });
  });

  const corpus = oneDefectCorpus();
  it('covers every known key with every other type and the semantic defects', () => {
    expect(corpus.filter((c) => c.name.startsWith('type-')).length).toBeGreaterThan(300);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('refuses %s naming the field', async (_name, defect) => {
    const file = path.join(dir, `${defect.name}.gguf`);
    await writeGgufFile(file, defect.spec);
    const inspection = await inspectModelFile(file);
    expect(inspection.kind).toBe('invalid');
    if (inspection.kind !== 'invalid') return;
    // Each refusal names a key or tensor: the changed one, or the one it contradicts.
    if (defect.field !== 'general.architecture') expect(inspection.message).toMatch(/'[a-z_.0-9]+'/);
    if (defect.name.startsWith('type-')) {
      expect(inspection.message).toContain(`'${defect.field}'`);
      expect(inspection.reason).toBe('wrong_type');
      expect(inspection.message).toMatch(/ should be an? .+ but is an? /);
    }
  });

  it('names the key and the expected type (a head count stored as text, a template stored as a number)', async () => {
    const headCount = await headerError(replaced('llama.attention.head_count', gguf.string('4')), 'heads-as-text');
    expect(headCount.message).toBe(
      "metadata 'llama.attention.head_count' should be an unsigned integer or per-layer array but is a string",
    );
    expect(headCount.field).toBe('llama.attention.head_count');
    const template = await headerError(replaced('tokenizer.chat_template', gguf.uint32(7)), 'template-as-number');
    expect(template.message).toBe("metadata 'tokenizer.chat_template' should be a string but is a uint32");
  });

  it('explains hyper-parameters llama.cpp would assert on', async () => {
    const cases: Array<[string, ReturnType<typeof gguf.uint32>, RegExp]> = [
      ['llama.block_count', gguf.uint32(1000), /'llama\.block_count' is 1,000 but the file has weights for 2 layers/],
      [
        'llama.attention.head_count_kv',
        gguf.uint32(3),
        /'llama\.attention\.head_count_kv' is 3, which does not divide the 4 attention heads/,
      ],
      [
        'llama.attention.head_count',
        gguf.uint32(0),
        /'llama\.attention\.head_count' is 0; a model needs at least one attention head/,
      ],
      ['llama.feed_forward_length', gguf.uint32(0), /'llama\.feed_forward_length' is 0/],
      [
        'llama.attention.layer_norm_rms_epsilon',
        gguf.float32(Number.NaN),
        /is NaN; it must be a small positive number/,
      ],
    ];
    for (const [key, value, message] of cases) {
      const error = await headerError(replaced(key, value), `explain-${key}`);
      expect(error.reason).toBe('inconsistent');
      expect(error.message).toMatch(message);
    }
  });

  it('formats 64-bit values exactly', async () => {
    const error = await headerError(replaced('llama.context_length', gguf.uint64(2n ** 64n - 1n)), 'u64-max');
    expect(error.message).toContain('18,446,744,073,709,551,615');
  });

  it('refuses duplicate tokens and a SentencePiece tokenizer over a byte-level BPE vocabulary', async () => {
    const duplicate = oneDefectCorpus().find((c) => c.name.includes('duplicate-token'))!;
    expect((await headerError(duplicate.spec, 'dup')).message).toMatch(/lists the token "!" twice \(ids 0 and \d+\)/);
    const spm = await headerError(replaced('tokenizer.ggml.model', gguf.string('llama')), 'spm-over-bpe');
    expect(spm.message).toMatch(
      /is 'llama' \(SentencePiece\), but the vocabulary has no token for 162 of the 256 bytes .*looks like a byte-level BPE one/,
    );
  });
});
