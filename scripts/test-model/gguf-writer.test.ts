import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readGgufFileInfo, GgmlType } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gguf, type GgufFileSpec, type GgufTensorSpec, planGgufFile, writeGgufFile } from './gguf-writer';
import { decodeTensorValues, encodedByteLength, type GgmlTensorType } from './tensor-encoding';

let workDir = '';
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'gguf-writer-test-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Values chosen so each tensor's decoded content is predictable: element i = sin(i) * 0.5. */
function sineTensor(name: string, dims: number[], type: GgmlTensorType): GgufTensorSpec {
  return { name, dims, type, fill: (chunk, first) => chunk.forEach((_, i) => (chunk[i] = Math.sin(first + i) * 0.5)) };
}

const roundTripSpec: GgufFileSpec = {
  metadata: [
    ['general.architecture', gguf.string('llama')],
    ['general.name', gguf.string('round trip ✓')],
    ['test.u32', gguf.uint32(4_000_000_000)],
    ['test.i32', gguf.int32(-42)],
    ['test.f32', gguf.float32(0.25)],
    ['test.flag', gguf.bool(true)],
    ['test.words', gguf.stringArray(['a', 'Ġb', ''])],
    ['test.ints', gguf.int32Array([1, -2, 3])],
    ['test.floats', gguf.float32Array([0.5, -1.5])],
  ],
  tensors: [
    sineTensor('a.f32', [5], 'F32'),
    sineTensor('b.f16', [3, 2], 'F16'),
    sineTensor('c.q8_0', [64, 3], 'Q8_0'),
    sineTensor('d.q4_0', [32, 2, 2], 'Q4_0'),
  ],
};

describe('writeGgufFile', () => {
  it('round-trips metadata and tensor infos through node-llama-cpp readGgufFileInfo', async () => {
    const filePath = path.join(workDir, 'round-trip.gguf');
    const size = await writeGgufFile(filePath, roundTripSpec);
    expect((await stat(filePath)).size).toBe(size);
    expect(size).toBe(planGgufFile(roundTripSpec).totalBytes);

    const info = await readGgufFileInfo(filePath, { logWarnings: false });
    expect(info.version).toBe(3);
    expect(Number(info.tensorCount)).toBe(4);
    const metadata = info.metadata as unknown as Record<string, Record<string, unknown>>;
    expect(metadata.general).toMatchObject({ architecture: 'llama', name: 'round trip ✓', alignment: 32 });
    expect(metadata.test).toEqual({
      u32: 4_000_000_000,
      i32: -42,
      f32: 0.25,
      flag: true,
      words: ['a', 'Ġb', ''],
      ints: [1, -2, 3],
      floats: [0.5, -1.5],
    });

    const tensors = info.tensorInfo ?? [];
    expect(tensors.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType])).toEqual([
      ['a.f32', [5], GgmlType.F32],
      ['b.f16', [3, 2], GgmlType.F16],
      ['c.q8_0', [64, 3], GgmlType.Q8_0],
      ['d.q4_0', [32, 2, 2], GgmlType.Q4_0],
    ]);
    for (const tensor of tensors) {
      expect(Number(tensor.offset) % 32).toBe(0);
      expect(Number(tensor.fileOffset) % 32).toBe(0);
    }
  });

  it('stores tensor data at the advertised offsets', async () => {
    const filePath = path.join(workDir, 'data.gguf');
    await writeGgufFile(filePath, roundTripSpec);
    const info = await readGgufFileInfo(filePath, { logWarnings: false });
    const file = await open(filePath, 'r');
    try {
      for (const [index, spec] of roundTripSpec.tensors.entries()) {
        const tensorInfo = info.tensorInfo![index]!;
        const elementCount = spec.dims.reduce((a, b) => a * b, 1);
        const bytes = Buffer.alloc(encodedByteLength(spec.type, elementCount));
        await file.read(bytes, 0, bytes.length, Number(tensorInfo.fileOffset));
        const decoded = decodeTensorValues(spec.type, bytes, elementCount);
        const tolerance = { F32: 1e-7, F16: 1e-3, Q8_0: 0.5 / 127 + 1e-3, Q4_0: 0.5 / 8 + 1e-3 }[spec.type];
        decoded.forEach((value, i) => expect(Math.abs(value - Math.sin(i) * 0.5)).toBeLessThanOrEqual(tolerance));
      }
    } finally {
      await file.close();
    }
  });

  it('streams tensors larger than one chunk and pads every tensor to the alignment', async () => {
    const spec: GgufFileSpec = {
      metadata: [['general.architecture', gguf.string('llama')]],
      alignment: 64,
      tensors: [sineTensor('big', [32, 40_000], 'Q8_0'), sineTensor('odd', [3], 'F32')],
    };
    const filePath = path.join(workDir, 'chunks.gguf');
    const size = await writeGgufFile(filePath, spec);
    const layout = planGgufFile(spec);
    expect(size % 64).toBe(0);
    expect(layout.tensorOffsets[1]! % 64).toBe(0);
    const bytes = await readFile(filePath);
    const big = bytes.subarray(layout.dataSectionStart, layout.dataSectionStart + layout.tensorByteLengths[0]!);
    const decoded = decodeTensorValues('Q8_0', big, 32 * 40_000);
    // Element 1_100_000 sits in the second 1M-element chunk; the fill must receive the right start offset.
    expect(decoded[1_100_000]).toBeCloseTo(Math.sin(1_100_000) * 0.5, 2);
  });

  it('rejects invalid specs before writing', () => {
    const base = { metadata: [] as GgufFileSpec['metadata'] };
    expect(() => planGgufFile({ ...base, tensors: [sineTensor('q', [48], 'Q8_0')] })).toThrow(/divisible by 32/);
    expect(() => planGgufFile({ ...base, tensors: [], alignment: 24 })).toThrow(/power of two/);
    expect(() =>
      planGgufFile({
        metadata: [
          ['k', gguf.bool(true)],
          ['k', gguf.bool(false)],
        ],
        tensors: [],
      }),
    ).toThrow(/duplicate/);
  });
});
