/**
 * Minimal streaming GGUF v3 writer: header and tensor infos are built in memory (small),
 * tensor data is generated and written chunk by chunk so multi-GB files never sit in RAM.
 */
import { open } from 'node:fs/promises';
import { encodedByteLength, encodeTensorValues, GGML_TYPE_TRAITS, type GgmlTensorType } from './tensor-encoding';

export type GgufValue =
  | {
      readonly type: 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';
      readonly value: number;
    }
  | { readonly type: 'uint64' | 'int64'; readonly value: bigint }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'string[]'; readonly value: readonly string[] }
  | { readonly type: 'int32[]' | 'float32[]'; readonly value: readonly number[] };

/** Shorthands for typed metadata values, e.g. `gguf.uint32(64)`. */
export const gguf = {
  uint8: (value: number): GgufValue => ({ type: 'uint8', value }),
  int8: (value: number): GgufValue => ({ type: 'int8', value }),
  uint16: (value: number): GgufValue => ({ type: 'uint16', value }),
  int16: (value: number): GgufValue => ({ type: 'int16', value }),
  int64: (value: bigint): GgufValue => ({ type: 'int64', value }),
  float64: (value: number): GgufValue => ({ type: 'float64', value }),
  uint32: (value: number): GgufValue => ({ type: 'uint32', value }),
  int32: (value: number): GgufValue => ({ type: 'int32', value }),
  float32: (value: number): GgufValue => ({ type: 'float32', value }),
  uint64: (value: bigint): GgufValue => ({ type: 'uint64', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  string: (value: string): GgufValue => ({ type: 'string', value }),
  stringArray: (value: readonly string[]): GgufValue => ({ type: 'string[]', value }),
  int32Array: (value: readonly number[]): GgufValue => ({ type: 'int32[]', value }),
  float32Array: (value: readonly number[]): GgufValue => ({ type: 'float32[]', value }),
} as const;

export interface GgufTensorSpec {
  readonly name: string;
  /** GGUF order: dims[0] (ne[0]) is the innermost/row dimension. */
  readonly dims: readonly number[];
  readonly type: GgmlTensorType;
  /**
   * Fills `chunk` with the float32 values of elements [firstElement, firstElement + chunk.length).
   * Called sequentially from the first element to the last, so stateful generators are fine.
   */
  readonly fill: (chunk: Float32Array, firstElement: number) => void;
}

export interface GgufFileSpec {
  readonly metadata: ReadonlyArray<readonly [key: string, value: GgufValue]>;
  readonly tensors: readonly GgufTensorSpec[];
  /** Data alignment in bytes (power of two); stored as `general.alignment`. Defaults to 32. */
  readonly alignment?: number;
}

export interface GgufLayout {
  readonly header: Buffer;
  /** Offset of each tensor's data relative to the start of the data section. */
  readonly tensorOffsets: readonly number[];
  readonly tensorByteLengths: readonly number[];
  readonly dataSectionStart: number;
  readonly totalBytes: number;
}

const GGUF_MAGIC = 'GGUF';
const GGUF_VERSION = 3;
const DEFAULT_ALIGNMENT = 32;
/** Elements generated per write; a multiple of every block size (32). */
const CHUNK_ELEMENTS = 1 << 20;

const VALUE_TYPE_ID = {
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

/** Computes header bytes, tensor offsets and the exact file size without generating any tensor data. */
export function planGgufFile(spec: GgufFileSpec): GgufLayout {
  const alignment = spec.alignment ?? DEFAULT_ALIGNMENT;
  if (alignment <= 0 || (alignment & (alignment - 1)) !== 0)
    throw new Error(`alignment must be a power of two: ${alignment}`);
  const metadata = withAlignmentKey(spec.metadata, alignment);
  const keys = new Set<string>();
  for (const [key] of metadata) {
    if (keys.has(key)) throw new Error(`duplicate metadata key: ${key}`);
    keys.add(key);
  }

  const out = new ByteSink();
  out.raw(Buffer.from(GGUF_MAGIC, 'latin1'));
  out.uint32(GGUF_VERSION);
  out.uint64(BigInt(spec.tensors.length));
  out.uint64(BigInt(metadata.length));
  for (const [key, value] of metadata) {
    out.string(key);
    writeValue(out, value);
  }

  const tensorOffsets: number[] = [];
  const tensorByteLengths: number[] = [];
  let dataOffset = 0;
  for (const tensor of spec.tensors) {
    const byteLength = validatedTensorByteLength(tensor);
    out.string(tensor.name);
    out.uint32(tensor.dims.length);
    for (const dim of tensor.dims) out.uint64(BigInt(dim));
    out.uint32(GGML_TYPE_TRAITS[tensor.type].id);
    out.uint64(BigInt(dataOffset));
    tensorOffsets.push(dataOffset);
    tensorByteLengths.push(byteLength);
    dataOffset += alignUp(byteLength, alignment);
  }

  const header = out.toBuffer();
  const dataSectionStart = alignUp(header.length, alignment);
  return { header, tensorOffsets, tensorByteLengths, dataSectionStart, totalBytes: dataSectionStart + dataOffset };
}

/** Writes the GGUF file to `filePath` (overwriting it), streaming tensor data; returns the file size. */
export async function writeGgufFile(filePath: string, spec: GgufFileSpec): Promise<number> {
  const layout = planGgufFile(spec);
  const alignment = spec.alignment ?? DEFAULT_ALIGNMENT;
  const file = await open(filePath, 'w');
  try {
    let position = 0;
    const write = async (bytes: Uint8Array): Promise<void> => {
      let written = 0;
      while (written < bytes.length) {
        const result = await file.write(bytes, written, bytes.length - written, position);
        written += result.bytesWritten;
        position += result.bytesWritten;
      }
    };
    await write(layout.header);
    await write(new Uint8Array(layout.dataSectionStart - layout.header.length));

    const values = new Float32Array(CHUNK_ELEMENTS);
    const encoded = new Uint8Array(CHUNK_ELEMENTS * 4);
    for (const [index, tensor] of spec.tensors.entries()) {
      if (position !== layout.dataSectionStart + layout.tensorOffsets[index]!)
        throw new Error(`misplaced tensor ${tensor.name}`);
      const elementCount = countElements(tensor.dims);
      for (let first = 0; first < elementCount; first += CHUNK_ELEMENTS) {
        const chunk = values.subarray(0, Math.min(CHUNK_ELEMENTS, elementCount - first));
        tensor.fill(chunk, first);
        const byteLength = encodeTensorValues(tensor.type, chunk, encoded);
        await write(encoded.subarray(0, byteLength));
      }
      const byteLength = layout.tensorByteLengths[index]!;
      await write(new Uint8Array(alignUp(byteLength, alignment) - byteLength));
    }
    if (position !== layout.totalBytes) throw new Error(`wrote ${position} bytes, planned ${layout.totalBytes}`);
    await file.sync();
  } finally {
    await file.close();
  }
  return layout.totalBytes;
}

export function countElements(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

function validatedTensorByteLength(tensor: GgufTensorSpec): number {
  const { name, dims, type } = tensor;
  if (Buffer.byteLength(name, 'utf8') > 63) throw new Error(`tensor name too long for ggml (max 63 bytes): ${name}`);
  if (dims.length < 1 || dims.length > 4) throw new Error(`tensor ${name} must have 1-4 dims`);
  if (dims.some((dim) => !Number.isSafeInteger(dim) || dim <= 0))
    throw new Error(`tensor ${name} has invalid dims ${dims.join('x')}`);
  const { blockSize } = GGML_TYPE_TRAITS[type];
  if (dims[0]! % blockSize !== 0)
    throw new Error(`tensor ${name}: ${type} needs ne[0] divisible by ${blockSize}, got ${dims[0]}`);
  return encodedByteLength(type, countElements(dims));
}

function withAlignmentKey(metadata: GgufFileSpec['metadata'], alignment: number): Array<readonly [string, GgufValue]> {
  const rest = metadata.filter(([key]) => key !== 'general.alignment');
  const explicit = metadata.find(([key]) => key === 'general.alignment');
  if (explicit && !(explicit[1].type === 'uint32' && explicit[1].value === alignment)) {
    throw new Error('general.alignment metadata must match the alignment option (uint32)');
  }
  return [...rest, ['general.alignment', gguf.uint32(alignment)]];
}

function writeValue(out: ByteSink, value: GgufValue): void {
  if (value.type === 'string[]' || value.type === 'int32[]' || value.type === 'float32[]') {
    const itemType = value.type === 'string[]' ? 'string' : value.type === 'int32[]' ? 'int32' : 'float32';
    out.uint32(VALUE_TYPE_ID.array).uint32(VALUE_TYPE_ID[itemType]).uint64(BigInt(value.value.length));
    for (const item of value.value) {
      if (typeof item === 'string') out.string(item);
      else if (itemType === 'int32') out.int32(item);
      else out.float32(item);
    }
    return;
  }
  out.uint32(VALUE_TYPE_ID[value.type]);
  switch (value.type) {
    case 'uint8':
    case 'int8':
    case 'uint16':
    case 'int16':
    case 'float64':
    case 'int64':
      out.raw(encodeScalar(value));
      break;
    case 'uint32':
      out.uint32(value.value);
      break;
    case 'int32':
      out.int32(value.value);
      break;
    case 'float32':
      out.float32(value.value);
      break;
    case 'uint64':
      out.uint64(value.value);
      break;
    case 'bool':
      out.raw(Uint8Array.of(value.value ? 1 : 0));
      break;
    case 'string':
      out.string(value.value);
      break;
  }
}

function encodeScalar(value: Extract<GgufValue, { value: number | bigint }>): Buffer {
  const sizes = { uint8: 1, int8: 1, uint16: 2, int16: 2, float64: 8, int64: 8 } as const;
  const bytes = Buffer.alloc(sizes[value.type as keyof typeof sizes]);
  if (value.type === 'uint8') bytes.writeUInt8(value.value);
  else if (value.type === 'int8') bytes.writeInt8(value.value);
  else if (value.type === 'uint16') bytes.writeUInt16LE(value.value);
  else if (value.type === 'int16') bytes.writeInt16LE(value.value);
  else if (value.type === 'float64') bytes.writeDoubleLE(value.value);
  else if (value.type === 'int64') bytes.writeBigInt64LE(value.value);
  return bytes;
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Little-endian byte accumulator for the (small) header. */
class ByteSink {
  private readonly parts: Buffer[] = [];

  raw(bytes: Uint8Array): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  uint32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(value);
    return this.raw(bytes);
  }
  int32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32LE(value);
    return this.raw(bytes);
  }
  float32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    return this.raw(bytes);
  }
  uint64(value: bigint): this {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(value);
    return this.raw(bytes);
  }
  /** GGUF string: uint64 byte length, then UTF-8 bytes without terminator. */
  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    return this.uint64(BigInt(bytes.length)).raw(bytes);
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
