/** Tensor infos: names, shapes and types are bounded, and every tensor's data must lie inside the file. */
import type { BoundedReader } from './boundedReader';
import { formatBytes, formatCount, GgufValidationError } from './ggufErrors';
import { GGUF_LIMITS } from './ggufLimits';
import { ggmlByteSize, ggmlTypeInfo } from './ggmlTypes';
import { readString } from './ggufValues';

export interface GgufTensorInfo {
  readonly name: string;
  /** GGUF order: dims[0] is the innermost (row) dimension. */
  readonly dims: readonly number[];
  /** ggml type name, e.g. 'Q8_0'. */
  readonly type: string;
  /** Offset of the tensor's data from the start of the data section. */
  readonly offset: number;
  readonly elementCount: number;
  readonly byteSize: number;
}

/** Smallest possible tensor info: name length, one-byte name, n_dims, one dim, type, offset. */
export const MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 8 + 4 + 8;

export async function readTensorInfos(
  reader: BoundedReader,
  count: number,
  alignment: number,
): Promise<GgufTensorInfo[]> {
  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let index = 0; index < count; index++) {
    const tensor = await readTensorInfo(reader, index, alignment);
    if (names.has(tensor.name)) {
      throw new GgufValidationError('malformed', reader.position, `tensor '${tensor.name}' appears twice`);
    }
    names.add(tensor.name);
    tensors.push(tensor);
  }
  return tensors;
}

async function readTensorInfo(reader: BoundedReader, index: number, alignment: number): Promise<GgufTensorInfo> {
  const start = reader.position;
  const name = await readString(reader, GGUF_LIMITS.maxTensorNameBytes, `the name of tensor #${index}`, true);
  if (typeof name !== 'string' || name.length === 0) {
    throw new GgufValidationError('malformed', start, `tensor #${index} has an empty name`);
  }
  const label = `tensor '${name}'`;

  const dimsAt = reader.position;
  const dimCount = await reader.u32(label);
  if (dimCount < 1 || dimCount > GGUF_LIMITS.maxTensorDims) {
    throw new GgufValidationError(
      dimCount < 1 ? 'malformed' : 'limit_exceeded',
      dimsAt,
      `${label} has ${formatCount(dimCount)} dimensions; ggml supports 1 to ${GGUF_LIMITS.maxTensorDims}`,
    );
  }
  const dims: number[] = [];
  let elementCount = 1;
  for (let d = 0; d < dimCount; d++) {
    const dim = await reader.u64(label);
    if (dim < 1) throw new GgufValidationError('malformed', dimsAt, `${label} has a dimension of size 0`);
    // A bigint dimension is above 2^53, far beyond the limit; the product may lose precision only there too.
    elementCount = typeof dim === 'bigint' ? Infinity : elementCount * dim;
    if (elementCount > GGUF_LIMITS.maxTensorElements) {
      throw new GgufValidationError(
        'limit_exceeded',
        dimsAt,
        `${label} declares more than ${formatCount(GGUF_LIMITS.maxTensorElements)} elements`,
      );
    }
    dims.push(Number(dim));
  }

  const typeAt = reader.position;
  const typeId = await reader.u32(label);
  const type = ggmlTypeInfo(typeId);
  if (type === undefined) {
    throw new GgufValidationError('malformed', typeAt, `${label} has an unknown tensor type (${formatCount(typeId)})`);
  }
  if (type.removed) {
    throw new GgufValidationError(
      'malformed',
      typeAt,
      `${label} uses the tensor type ${type.name}, which llama.cpp no longer supports`,
    );
  }
  if (dims[0]! % type.blockSize !== 0) {
    throw new GgufValidationError(
      'malformed',
      dimsAt,
      `${label}: ${type.name} needs rows of a multiple of ${type.blockSize} elements, but a row has ${formatCount(dims[0]!)}`,
    );
  }

  const offsetAt = reader.position;
  const declaredOffset = await reader.u64(label);
  if (declaredOffset > reader.fileSize) {
    throw new GgufValidationError(
      'truncated',
      offsetAt,
      `file is truncated: ${label} starts at byte ${formatCount(declaredOffset)} of the data but the file has only ${formatBytes(reader.fileSize)}`,
    );
  }
  const offset = Number(declaredOffset);
  if (offset % alignment !== 0) {
    throw new GgufValidationError(
      'malformed',
      offsetAt,
      `${label} starts at offset ${formatCount(offset)}, which is not a multiple of the alignment ${alignment}`,
    );
  }
  return {
    name,
    dims,
    type: type.name,
    offset,
    elementCount,
    byteSize: ggmlByteSize(type, elementCount),
  };
}

/** Every tensor's bytes must lie inside the file; one message for the furthest one. */
export function checkTensorData(tensors: readonly GgufTensorInfo[], dataOffset: number, fileSize: number): void {
  let furthest: GgufTensorInfo | undefined;
  let dataEnd = dataOffset;
  for (const tensor of tensors) {
    const end = dataOffset + tensor.offset + tensor.byteSize;
    if (end > dataEnd) {
      dataEnd = end;
      furthest = tensor;
    }
  }
  if (furthest !== undefined && dataEnd > fileSize) {
    throw new GgufValidationError(
      'truncated',
      fileSize,
      `file is truncated: header says ${formatBytes(dataEnd - dataOffset)} of tensor data but the file has ` +
        `${formatBytes(fileSize)} (tensor '${furthest.name}' ends at byte ${formatCount(dataEnd)})`,
    );
  }
}
