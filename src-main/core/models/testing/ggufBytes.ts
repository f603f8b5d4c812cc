/** Hand-built GGUF bytes for tests, including deliberately broken ones, plus an in-memory file source. */
import type { RandomAccessSource } from '../boundedReader';
import { createHeaderReader, parseGgufHeader, type GgufHeader } from '../ggufHeader';

export const VALUE_TYPE = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

/** Little-endian byte accumulator that writes whatever it is told, valid or not. */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  raw(bytes: Uint8Array | string): this {
    const part = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    this.parts.push(part);
    this.size += part.length;
    return this;
  }
  u8(value: number): this {
    return this.raw(Uint8Array.of(value));
  }
  u32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(value >>> 0);
    return this.raw(bytes);
  }
  f32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    return this.raw(bytes);
  }
  u64(value: number | bigint): this {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt(value));
    return this.raw(bytes);
  }
  str(value: string | Uint8Array): this {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return this.u64(bytes.length).raw(bytes);
  }
  /** Zero bytes up to the next multiple of `alignment`. */
  pad(alignment: number): this {
    return this.raw(new Uint8Array((alignment - (this.size % alignment)) % alignment));
  }
  get length(): number {
    return this.size;
  }
  toBytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

export type Kv = (writer: ByteWriter) => void;
export const kv = {
  u32:
    (key: string, value: number): Kv =>
    (w) =>
      void w.str(key).u32(VALUE_TYPE.uint32).u32(value),
  str:
    (key: string, value: string): Kv =>
    (w) =>
      void w.str(key).u32(VALUE_TYPE.string).str(value),
  strings:
    (key: string, values: readonly string[]): Kv =>
    (w) => {
      w.str(key).u32(VALUE_TYPE.array).u32(VALUE_TYPE.string).u64(values.length);
      for (const value of values) w.str(value);
    },
  floats:
    (key: string, values: readonly number[]): Kv =>
    (w) => {
      w.str(key).u32(VALUE_TYPE.array).u32(VALUE_TYPE.float32).u64(values.length);
      for (const value of values) w.f32(value);
    },
};

export interface TensorSpec {
  name: string;
  dims: readonly number[];
  /** ggml type id; default 0 (F32). */
  type?: number;
  offset: number | bigint;
}

export interface GgufSpec {
  version?: number;
  tensorCount?: number | bigint;
  kvCount?: number | bigint;
  kvs?: readonly Kv[];
  tensors?: readonly TensorSpec[];
  /** Tensor data bytes written after the aligned header; default: what the tensors need (F32). */
  dataBytes?: number;
  alignment?: number;
}

/** A GGUF file; with no arguments, a valid one with one 8×4 F32 tensor. */
export function buildGguf(spec: GgufSpec = {}): Uint8Array {
  const kvs = spec.kvs ?? [kv.str('general.architecture', 'llama')];
  const tensors = spec.tensors ?? [{ name: 'weight', dims: [8, 4], offset: 0 }];
  const w = new ByteWriter().raw('GGUF').u32(spec.version ?? 3);
  w.u64(spec.tensorCount ?? tensors.length).u64(spec.kvCount ?? kvs.length);
  for (const write of kvs) write(w);
  for (const tensor of tensors) {
    w.str(tensor.name).u32(tensor.dims.length);
    for (const dim of tensor.dims) w.u64(dim);
    w.u32(tensor.type ?? 0).u64(tensor.offset);
  }
  w.pad(spec.alignment ?? 32);
  const f32Bytes = tensors.reduce((sum, t) => Math.max(sum, Number(t.offset) + t.dims.reduce((a, b) => a * b, 4)), 0);
  return Buffer.concat([w.toBytes(), new Uint8Array(spec.dataBytes ?? f32Bytes)]);
}

/** In-memory file; bytes past `bytes.length` up to `claimedSize` read as zeros, to test huge files cheaply. */
export function memorySource(bytes: Uint8Array, claimedSize = bytes.length): RandomAccessSource & { size: number } {
  return {
    size: claimedSize,
    async read(buffer, offset, length, position) {
      const end = Math.min(position + length, claimedSize);
      const available = Math.max(0, end - position);
      const real = bytes.subarray(Math.min(position, bytes.length), Math.min(end, bytes.length));
      buffer.set(real, offset);
      buffer.fill(0, offset + real.length, offset + available);
      return { bytesRead: available };
    },
  };
}

export interface ValidationOutcome {
  header: GgufHeader | null;
  error: unknown;
  bytesRead: number;
  largestBuffer: number;
}

/** Validates in-memory bytes, capturing the outcome and what the reader had to read. */
export async function validateBytes(bytes: Uint8Array, claimedSize = bytes.length): Promise<ValidationOutcome> {
  const reader = createHeaderReader(memorySource(bytes, claimedSize), claimedSize);
  try {
    const header = await parseGgufHeader(reader);
    return { header, error: null, ...reader.stats };
  } catch (error) {
    return { header: null, error, ...reader.stats };
  }
}
