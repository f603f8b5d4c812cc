import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTestModel } from '../../../scripts/test-model/make-test-model';
import { makeTempDir } from '../testing/testPorts';
import { GgufValidationError, readGgufHeader, type GgufValidationReason } from './ggufHeader';
import { GGUF_LIMITS } from './ggufLimits';
import { buildGguf, ByteWriter, kv, validateBytes, VALUE_TYPE } from './testing/ggufBytes';

async function expectFailure(bytes: Uint8Array, reason: GgufValidationReason, message: RegExp, claimedSize?: number) {
  const { error } = await validateBytes(bytes, claimedSize);
  expect(error).toBeInstanceOf(GgufValidationError);
  const failure = error as GgufValidationError;
  expect({ reason: failure.reason, message: failure.message }).toEqual({
    reason,
    message: expect.stringMatching(message),
  });
  return failure;
}

describe('readGgufHeader on the generated test model', () => {
  it('returns counts, scalar metadata, array lengths and tensor infos', async () => {
    const file = await makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 1, contextLength: 2048 });
    const header = await readGgufHeader(file);
    expect(header.version).toBe(3);
    expect(header.tensorCount).toBe(header.tensors.length);
    expect(header.metadata.get('general.architecture')).toBe('llama');
    expect(header.metadata.get('llama.context_length')).toBe(2048);
    expect(header.metadata.get('general.file_type')).toBe(7);
    expect(header.metadata.get('tokenizer.ggml.tokens')).toEqual({ kind: 'array', itemType: 'string', length: 314 });
    expect(header.metadata.get('tokenizer.chat_template')).toContain('<|im_start|>');
    expect(header.tensors[0]).toMatchObject({ name: 'token_embd.weight', dims: [64, 314], type: 'Q8_0', offset: 0 });
    expect(header.dataOffset % 32).toBe(0);
    const last = header.tensors.at(-1)!;
    expect(header.dataOffset + last.offset + last.byteSize).toBeLessThanOrEqual(header.fileSize);
  });

  it('reads only the header of a large file, through one bounded buffer', async () => {
    const bytes = new Uint8Array(await readFile(await makeTestModel({ seed: 1 })));
    const header = (await validateBytes(bytes)).header!;
    const tail = 5 * 1024 ** 3; // pretend 5 GB of tensor data follows
    const big = buildGguf({ tensors: [{ name: 'w', dims: [1024, 1024, 1024], offset: 0 }], dataBytes: 0 });
    const outcome = await validateBytes(big, big.length + tail);
    expect(outcome.error).toBeNull();
    expect(outcome.bytesRead).toBeLessThanOrEqual(GGUF_LIMITS.readChunkBytes);
    expect(outcome.largestBuffer).toBeLessThanOrEqual(GGUF_LIMITS.readChunkBytes);
    expect(header.tensors.length).toBeGreaterThan(0);
  });
});

describe('not_gguf', () => {
  it.each([
    ['an empty file', new Uint8Array(), /the file is empty/],
    [
      'a ZIP archive',
      Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'),
      /^not a GGUF file \(it looks like a ZIP archive\)$/,
    ],
    ['a PNG image', Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), /PNG image/],
    ['a text file', Buffer.from('hello, this is just text\n'), /^not a GGUF file \(it looks like a text file\)$/],
    ['an HTML error page', Buffer.from('<!DOCTYPE html><html>'), /HTML/],
    ['an old GGJT model', Buffer.from('tjgg\x01\x00\x00\x00', 'latin1'), /GGJT/],
    ['random bytes', Uint8Array.of(0x00, 0xff, 0x13, 0x37, 0x42), /^not a GGUF file$/],
  ])('rejects %s', async (_label, bytes, message) => {
    await expectFailure(bytes, 'not_gguf', message);
  });

  it('rejects a folder', async () => {
    const dir = path.join(makeTempDir(), 'model.gguf');
    mkdirSync(dir);
    await expect(readGgufHeader(dir)).rejects.toMatchObject({ reason: 'not_gguf', message: /folder/ });
  });
});

describe('unsupported_version', () => {
  it.each([
    [1, /version 1 is too old/],
    [4, /unsupported GGUF version 4/],
    [0x03000000, /big-endian/],
  ])('rejects version %i', async (version, message) => {
    await expectFailure(buildGguf({ version }), 'unsupported_version', message);
  });
});

describe('truncated', () => {
  const valid = buildGguf({
    kvs: [kv.str('general.architecture', 'llama'), kv.strings('tokenizer.ggml.tokens', ['a', 'b'])],
  });

  it('fails at every cut inside the header or data', async () => {
    for (let cut = 1; cut < valid.length; cut++) {
      const { error } = await validateBytes(valid.subarray(0, cut));
      expect(error, `cut at ${cut}`).toBeInstanceOf(GgufValidationError);
      expect((error as GgufValidationError).reason).toBe('truncated');
    }
  });

  it('explains missing tensor data in sizes a person understands', async () => {
    const bytes = buildGguf({ tensors: [{ name: 'w', dims: [4096, 4096, 192], offset: 0 }], dataBytes: 3_100_000 });
    await expectFailure(bytes, 'truncated', /header says 13 GB of tensor data but the file has 3.1 MB/);
  });

  it('fails fast on a huge declared string or array length instead of allocating', async () => {
    const hugeString = new ByteWriter()
      .raw('GGUF')
      .u32(3)
      .u64(0)
      .u64(1)
      .u64(2n ** 62n)
      .raw(new Uint8Array(100))
      .toBytes();
    const failure = await expectFailure(hugeString, 'truncated', /needs .* but the file has only/);
    expect(failure.offset).toBe(32); // where the string bytes would start
    const hugeArray = buildGguf({
      kvs: [(w) => void w.str('k').u32(VALUE_TYPE.array).u32(VALUE_TYPE.string).u64(10_000_000)],
      tensors: [],
    });
    await expectFailure(hugeArray, 'truncated', /10,000,000 items/);
  });

  it('fails when counts need more bytes than the file has', async () => {
    await expectFailure(buildGguf({ tensorCount: 60_000 }), 'truncated', /declares 60,000 tensors/);
  });
});

describe('limit_exceeded', () => {
  const huge = 10 * 1024 ** 3; // zeros after the real bytes: lengths are limited, not truncated
  const single = (write: (w: ByteWriter) => void) => buildGguf({ kvs: [(w) => write(w)], tensors: [], dataBytes: 0 });

  it.each([
    ['tensor count', buildGguf({ tensorCount: 65_537 }), /65,537 tensors; the limit is 65,536/],
    ['metadata count', buildGguf({ kvCount: 2n ** 64n - 1n }), /metadata entries; the limit is 65,536/],
    ['key length', single((w) => w.u64(65_537)), /metadata key #0 is 65,537 bytes long; the limit is 65,536 bytes/],
    [
      'string length',
      single((w) =>
        w
          .str('k')
          .u32(VALUE_TYPE.string)
          .u64(17 * 1024 ** 2),
      ),
      /'k' is 17,825,792 bytes long; the limit is 16,777,216 bytes/,
    ],
    [
      'array length',
      single((w) => w.str('k').u32(VALUE_TYPE.array).u32(VALUE_TYPE.uint8).u64(16_777_217)),
      /16,777,217 items; the limit/,
    ],
    [
      'array depth',
      single((w) =>
        w
          .str('k')
          .u32(VALUE_TYPE.array)
          .u32(VALUE_TYPE.array)
          .u64(1)
          .u32(VALUE_TYPE.array)
          .u64(1)
          .u32(VALUE_TYPE.uint8)
          .u64(0),
      ),
      /nests arrays more than 2 levels deep/,
    ],
    [
      'tensor name',
      buildGguf({ tensors: [{ name: 'n'.repeat(64), dims: [1], offset: 0 }] }),
      /tensor #0 is 64 bytes long; the limit is 63 bytes/,
    ],
    ['tensor dims', buildGguf({ tensors: [{ name: 'w', dims: [1, 1, 1, 1, 1], offset: 0 }] }), /5 dimensions/],
    [
      'tensor elements',
      buildGguf({ tensors: [{ name: 'w', dims: [2 ** 20, 2 ** 20, 2], offset: 0 }], dataBytes: 0 }),
      /more than 1,099,511,627,776 elements/,
    ],
    [
      'header size',
      single((w) => w.str('k').u32(VALUE_TYPE.array).u32(VALUE_TYPE.string).u64(16_000_000)),
      /header is larger than 67 MB/,
    ],
  ])('rejects an oversized %s', async (_label, bytes, message) => {
    await expectFailure(bytes, 'limit_exceeded', message, bytes.length + huge);
  });
});

describe('malformed', () => {
  const tensor = (type: number, dims: number[] = [32], offset: number | bigint = 0) =>
    buildGguf({ tensors: [{ name: 'w', dims, type, offset }], dataBytes: 4096 });

  it.each([
    [
      'an unknown value type',
      buildGguf({ kvs: [(w) => void w.str('k').u32(13).u32(0)] }),
      /'k' has an unknown value type \(13\)/,
    ],
    [
      'an unknown array item type',
      buildGguf({ kvs: [(w) => void w.str('k').u32(VALUE_TYPE.array).u32(99).u64(0)] }),
      /item type of metadata 'k'/,
    ],
    [
      'a key that is not UTF-8',
      buildGguf({ kvs: [(w) => void w.str(Uint8Array.of(0xc3, 0x28)).u32(VALUE_TYPE.uint8).u8(1)] }),
      /not valid UTF-8/,
    ],
    ['an empty key', buildGguf({ kvs: [kv.u32('', 1)] }), /key #0 is empty/],
    ['a duplicate key', buildGguf({ kvs: [kv.u32('a', 1), kv.u32('a', 2)] }), /'a' appears twice/],
    ['an unknown tensor type', tensor(43), /unknown tensor type \(43\)/],
    ['a removed tensor type', tensor(4), /Q4_2, which llama.cpp no longer supports/],
    ['rows not a multiple of the block size', tensor(8, [33]), /Q8_0 needs rows of a multiple of 32/],
    ['a misaligned tensor offset', tensor(0, [8], 7), /not a multiple of the alignment 32/],
    ['a zero dimension', tensor(0, [8, 0]), /dimension of size 0/],
    ['no dimensions', tensor(0, []), /0 dimensions/],
    [
      'a duplicate tensor name',
      buildGguf({
        tensors: [
          { name: 'w', dims: [8], offset: 0 },
          { name: 'w', dims: [8], offset: 32 },
        ],
      }),
      /tensor 'w' appears twice/,
    ],
    [
      'an alignment that is not a power of two',
      buildGguf({ kvs: [kv.u32('general.alignment', 48)] }),
      /not a power of two/,
    ],
  ])('rejects %s', async (_label, bytes, message) => {
    await expectFailure(bytes, 'malformed', message);
  });
});

describe('wrong types and inconsistent values', () => {
  it.each([
    [
      'an alignment of the wrong type',
      buildGguf({ kvs: [(w) => void w.str('general.alignment').u32(VALUE_TYPE.uint64).u64(32)] }),
      'wrong_type',
      /should be a uint32 but is a uint64/,
    ],
    [
      'a vocabulary of numbers',
      buildGguf({ kvs: [kv.floats('tokenizer.ggml.tokens', [1, 2])] }),
      'wrong_type',
      /'tokenizer.ggml.tokens' should be an array of string but is an array of float32/,
    ],
    [
      'scores shorter than the vocabulary',
      buildGguf({
        kvs: [kv.strings('tokenizer.ggml.tokens', ['a', 'b', 'c']), kv.floats('tokenizer.ggml.scores', [0, 0])],
      }),
      'inconsistent',
      /'tokenizer.ggml.scores' has 2 entries but the vocabulary has 3 tokens/,
    ],
  ] as const)('rejects %s', async (_label, bytes, reason, message) => {
    await expectFailure(bytes, reason, message);
  });
});

describe('bounded work', () => {
  it('validates 65,536 tensors and a 200k-token vocabulary quickly', async () => {
    const tokens = Array.from({ length: 200_000 }, (_, i) => `token-${i}`);
    const tensors = Array.from({ length: GGUF_LIMITS.maxTensorCount }, (_, i) => ({
      name: `t.${i}`,
      dims: [8],
      offset: i * 32,
    }));
    const bytes = buildGguf({ kvs: [kv.strings('tokenizer.ggml.tokens', tokens)], tensors });
    const started = performance.now();
    const { header, error } = await validateBytes(bytes);
    expect(error).toBeNull();
    expect(header!.tensors).toHaveLength(65_536);
    expect(performance.now() - started).toBeLessThan(10_000); // ~0.3 s here; quadratic work would take minutes
  });

  it('writes a valid hand-built file that readGgufHeader accepts from disk', async () => {
    const file = path.join(makeTempDir(), 'hand.gguf');
    writeFileSync(file, buildGguf());
    const header = await readGgufHeader(file);
    expect(header.tensors).toEqual([
      { name: 'weight', dims: [8, 4], type: 'F32', offset: 0, elementCount: 32, byteSize: 128 },
    ]);
  });
});
