/**
 * Our own bounded GGUF header validator. It runs before any file reaches llama.cpp, which trusts the
 * counts and lengths a file declares. Reads the header incrementally; never the tensor data.
 */
import { open, stat } from 'node:fs/promises';
import { BoundedReader, type RandomAccessSource } from './boundedReader';
import { guessFileKind } from './fileSignature';
import { formatBytes, formatCount, GgufValidationError } from './ggufErrors';
import { checkArchitecture, type MetadataEntries } from './ggufArchitecture';
import { checkKnownKey, checkVocabularyLengths, keepsItems } from './ggufKnownKeys';
import { GGUF_LIMITS } from './ggufLimits';
import { checkTensorData, MIN_TENSOR_INFO_BYTES, readTensorInfos, type GgufTensorInfo } from './ggufTensors';
import { checkTokenizer } from './ggufTokenizer';
import { readMetadataValue, readString, readValueType, type GgufMetadataValue, type GgufValueType } from './ggufValues';

export { GgufValidationError, type GgufValidationReason } from './ggufErrors';
export type { GgufTensorInfo } from './ggufTensors';
export type { GgufArraySummary, GgufMetadataValue, GgufScalar, GgufSkippedString } from './ggufValues';

export interface GgufHeader {
  readonly version: 2 | 3;
  readonly tensorCount: number;
  readonly kvCount: number;
  /** Scalars and (bounded) strings as stored; arrays only as item type and length. */
  readonly metadata: ReadonlyMap<string, GgufMetadataValue>;
  readonly tensors: readonly GgufTensorInfo[];
  readonly alignment: number;
  /** File offset where tensor data starts. */
  readonly dataOffset: number;
  readonly fileSize: number;
  /** The token texts (`tokenizer.ggml.tokens`), e.g. to check a draft model tokenizes like its target; null without. */
  readonly vocabulary: readonly string[] | null;
}

const MAGIC = 'GGUF';
/** Smallest metadata entry: key length, one-byte key, value type, one-byte value. */
const MIN_KV_BYTES = 8 + 1 + 4 + 1;
const PREAMBLE_BYTES = 4 + 4 + 8 + 8;

export function createHeaderReader(source: RandomAccessSource, fileSize: number): BoundedReader {
  return new BoundedReader(source, fileSize, GGUF_LIMITS.maxHeaderBytes, GGUF_LIMITS.readChunkBytes);
}

/** Opens `filePath` read-only and validates its header. File-system errors (ENOENT, EACCES) pass through. */
export async function readGgufHeader(filePath: string): Promise<GgufHeader> {
  // Checked before opening: opening a FIFO would block until something writes to it.
  const kind = await stat(filePath);
  if (!kind.isFile()) {
    const what = kind.isDirectory() ? 'it is a folder' : 'it is not a regular file';
    throw new GgufValidationError('not_gguf', 0, `not a GGUF file (${what})`);
  }
  const handle = await open(filePath, 'r');
  try {
    const stats = await handle.stat();
    return await parseGgufHeader(createHeaderReader(handle, stats.size));
  } finally {
    await handle.close();
  }
}

export async function parseGgufHeader(reader: BoundedReader): Promise<GgufHeader> {
  await readMagic(reader);
  const version = await readVersion(reader);
  const tensorCount = await readCount(reader, 'tensors', GGUF_LIMITS.maxTensorCount);
  const kvCount = await readCount(reader, 'metadata entries', GGUF_LIMITS.maxKvCount);
  const minimumFileSize = reader.position + tensorCount * MIN_TENSOR_INFO_BYTES + kvCount * MIN_KV_BYTES;
  if (minimumFileSize > reader.fileSize) {
    throw new GgufValidationError(
      'truncated',
      reader.position,
      `file is truncated: the header declares ${formatCount(tensorCount)} tensors and ${formatCount(kvCount)} ` +
        `metadata entries, which need a file of at least ${formatBytes(minimumFileSize)}, but the file has ${formatBytes(reader.fileSize)}`,
    );
  }
  const entries = await readMetadata(reader, kvCount);
  const metadata = entries.values;
  checkVocabularyLengths(metadata, reader.position);
  const alignment = metadata.get('general.alignment');
  const resolvedAlignment = typeof alignment === 'number' ? alignment : GGUF_LIMITS.defaultAlignment;
  const tensors = await readTensorInfos(reader, tensorCount, resolvedAlignment);
  const dataOffset = Math.ceil(reader.position / resolvedAlignment) * resolvedAlignment;
  checkTensorData(tensors, dataOffset, reader.fileSize);
  // Semantics last: every count and offset above is already known to be sane.
  checkArchitecture(entries, tensors, checkTokenizer(entries));
  return {
    version,
    tensorCount,
    kvCount,
    metadata: withoutItems(metadata),
    tensors,
    alignment: resolvedAlignment,
    dataOffset,
    fileSize: reader.fileSize,
    vocabulary: vocabularyOf(metadata.get('tokenizer.ggml.tokens')),
  };
}

function vocabularyOf(value: GgufMetadataValue | undefined): string[] | null {
  if (typeof value !== 'object' || value.kind !== 'array' || !value.items) return null;
  return value.items.filter((item): item is string => typeof item === 'string');
}

async function readMagic(reader: BoundedReader): Promise<void> {
  if (reader.fileSize === 0) throw new GgufValidationError('not_gguf', 0, 'not a GGUF file (the file is empty)');
  const headLength = Math.min(16, reader.fileSize);
  await reader.need(headLength, 'the file signature');
  const head = Uint8Array.from(reader.peekNow(headLength));
  const magicLength = Math.min(4, headLength);
  const matches = [...head.subarray(0, magicLength)].every((byte, i) => byte === MAGIC.charCodeAt(i));
  if (!matches) {
    // The file's own bytes are never quoted: any path can be named here, and its content is not ours to echo.
    const kind = guessFileKind(head);
    throw new GgufValidationError('not_gguf', 0, `not a GGUF file${kind === null ? '' : ` (it looks like ${kind})`}`);
  }
  if (reader.fileSize < PREAMBLE_BYTES) {
    throw new GgufValidationError(
      'truncated',
      reader.fileSize,
      `file is truncated: it has only ${formatBytes(reader.fileSize)}, less than a GGUF header`,
    );
  }
  reader.bytesNow(4);
}

async function readVersion(reader: BoundedReader): Promise<2 | 3> {
  const version = await reader.u32('the GGUF version');
  if (version === 2 || version === 3) return version;
  const swapped = Buffer.from(Uint32Array.of(version).buffer).readUInt32BE(0);
  const message =
    version === 1
      ? 'GGUF version 1 is too old for llama.cpp; convert the model again with a current llama.cpp'
      : swapped === 2 || swapped === 3
        ? 'this is a big-endian GGUF file; only little-endian files run on this computer'
        : `unsupported GGUF version ${formatCount(version)} (supported: 2 and 3)`;
  throw new GgufValidationError('unsupported_version', 4, message);
}

async function readCount(reader: BoundedReader, what: string, limit: number): Promise<number> {
  const at = reader.position;
  const count = await reader.u64(`the number of ${what}`);
  if (count > limit) {
    throw new GgufValidationError(
      'limit_exceeded',
      at,
      `the header declares ${formatCount(count)} ${what}; the limit is ${formatCount(limit)}`,
    );
  }
  return Number(count);
}

async function readMetadata(reader: BoundedReader, count: number): Promise<MetadataEntries> {
  const metadata = new Map<string, GgufMetadataValue>();
  const types = new Map<string, GgufValueType>();
  const offsets = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const keyAt = reader.position;
    const key = await readString(reader, GGUF_LIMITS.maxKeyBytes, `metadata key #${index}`, true);
    if (typeof key !== 'string' || key.length === 0) {
      throw new GgufValidationError('malformed', keyAt, `metadata key #${index} is empty`);
    }
    const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
    if (metadata.has(key)) throw new GgufValidationError('malformed', keyAt, `metadata key '${shown}' appears twice`);
    const what = `metadata '${shown}'`;
    const typeAt = reader.position;
    const type = await readValueType(reader, what);
    const value = await readMetadataValue(reader, type, what, keepsItems(key));
    checkKnownKey(key, type, value, typeAt);
    metadata.set(key, value);
    types.set(key, type);
    offsets.set(key, typeAt);
  }
  return { values: metadata, types, offsets };
}

/** The header keeps arrays only as type and length: a vocabulary's items were needed for the checks alone. */
function withoutItems(metadata: ReadonlyMap<string, GgufMetadataValue>): Map<string, GgufMetadataValue> {
  const summary = new Map<string, GgufMetadataValue>();
  for (const [key, value] of metadata) {
    summary.set(
      key,
      typeof value === 'object' && value.kind === 'array'
        ? { kind: 'array', itemType: value.itemType, length: value.length }
        : value,
    );
  }
  return summary;
}
