/** GGUF metadata values: scalars are kept, strings up to a bound, arrays only as their type and length. */
import type { BoundedReader, Describe } from './boundedReader';
import { formatCount, GgufValidationError } from './ggufErrors';
import { GGUF_LIMITS } from './ggufLimits';

/** Value type ids 0..12 from the GGUF spec, in id order. */
export const GGUF_VALUE_TYPES = [
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'float32',
  'bool',
  'string',
  'array',
  'uint64',
  'int64',
  'float64',
] as const;
export type GgufValueType = (typeof GGUF_VALUE_TYPES)[number];

export type GgufScalar = number | bigint | boolean | string;
/** Arrays are summarised, never kept: a vocabulary holds 150k+ strings. */
export interface GgufArraySummary {
  readonly kind: 'array';
  readonly itemType: GgufValueType;
  readonly length: number;
  /** Kept only for the arrays the semantic checks read (the vocabulary, per-layer counts). */
  readonly items?: readonly GgufScalar[];
}
/** A string longer than `maxRetainedStringBytes`: its length was checked and its bytes skipped. */
export interface GgufSkippedString {
  readonly kind: 'skipped-string';
  readonly byteLength: number;
}
export type GgufMetadataValue = GgufScalar | GgufArraySummary | GgufSkippedString;

type Decoder = (buffer: Buffer, at: number) => GgufScalar;
const safeInteger = (value: bigint): number | bigint =>
  value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;

const FIXED: Partial<Record<GgufValueType, { size: number; decode: Decoder }>> = {
  uint8: { size: 1, decode: (b, at) => b.readUInt8(at) },
  int8: { size: 1, decode: (b, at) => b.readInt8(at) },
  uint16: { size: 2, decode: (b, at) => b.readUInt16LE(at) },
  int16: { size: 2, decode: (b, at) => b.readInt16LE(at) },
  uint32: { size: 4, decode: (b, at) => b.readUInt32LE(at) },
  int32: { size: 4, decode: (b, at) => b.readInt32LE(at) },
  float32: { size: 4, decode: (b, at) => b.readFloatLE(at) },
  bool: { size: 1, decode: (b, at) => b.readUInt8(at) !== 0 },
  uint64: { size: 8, decode: (b, at) => safeInteger(b.readBigUInt64LE(at)) },
  int64: { size: 8, decode: (b, at) => safeInteger(b.readBigInt64LE(at)) },
  float64: { size: 8, decode: (b, at) => b.readDoubleLE(at) },
};

/** Smallest encoding of one array item, so a declared length can be checked against the bytes left. */
function minimumItemBytes(type: GgufValueType): number {
  if (type === 'string') return 8;
  if (type === 'array') return 12;
  return FIXED[type]?.size ?? 1;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export async function readValueType(reader: BoundedReader, what: Describe): Promise<GgufValueType> {
  const at = reader.position;
  const id = await reader.u32(what);
  const type = GGUF_VALUE_TYPES[id];
  if (type === undefined) {
    const label = typeof what === 'string' ? what : what();
    throw new GgufValidationError('malformed', at, `${label} has an unknown value type (${formatCount(id)})`);
  }
  return type;
}

/** Reads a length-prefixed UTF-8 string of at most `maxBytes`; longer than the buffer → skipped. */
export async function readString(
  reader: BoundedReader,
  maxBytes: number,
  what: Describe,
  strict: boolean,
): Promise<string | GgufSkippedString> {
  const at = reader.position;
  const declaredLength = await reader.u64(what);
  if (declaredLength > maxBytes) {
    reader.checkFileSpan(declaredLength, what); // a length beyond the file is a truncation, not a big string
    const label = typeof what === 'string' ? what : what();
    throw new GgufValidationError(
      'limit_exceeded',
      at,
      `${label} is ${formatCount(declaredLength)} bytes long; the limit is ${formatCount(maxBytes)} bytes`,
    );
  }
  const byteLength = Number(declaredLength);
  if (byteLength > Math.min(GGUF_LIMITS.maxRetainedStringBytes, reader.capacity)) {
    await reader.skip(byteLength, what);
    return { kind: 'skipped-string', byteLength };
  }
  await reader.need(byteLength, what);
  const bytes = reader.bytesNow(byteLength);
  if (!strict) return lenientUtf8.decode(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const label = typeof what === 'string' ? what : what();
    throw new GgufValidationError('malformed', at, `${label} is not valid UTF-8 text`);
  }
}

export async function readMetadataValue(
  reader: BoundedReader,
  type: GgufValueType,
  what: Describe,
  keepItems = false,
): Promise<GgufMetadataValue> {
  if (type === 'string') return readString(reader, GGUF_LIMITS.maxStringBytes, what, false);
  if (type === 'array') return skipArray(reader, 1, what, keepItems);
  const fixed = FIXED[type]!;
  await reader.need(fixed.size, what);
  return reader.scalarNow(fixed.size, fixed.decode);
}

/** Walks an array (keeping its items only when asked); work is proportional to the bytes it occupies. */
async function skipArray(
  reader: BoundedReader,
  depth: number,
  what: Describe,
  keepItems = false,
): Promise<GgufArraySummary> {
  const label = () => (typeof what === 'string' ? what : what());
  const at = reader.position;
  if (depth > GGUF_LIMITS.maxArrayDepth) {
    throw new GgufValidationError(
      'limit_exceeded',
      at,
      `${label()} nests arrays more than ${GGUF_LIMITS.maxArrayDepth} levels deep`,
    );
  }
  const itemType = await readValueType(reader, () => `the item type of ${label()}`);
  const declaredLength = await reader.u64(what);
  // Fail fast on a length the remaining bytes could never hold, before walking any item.
  reader.checkFileSpan(
    Number(declaredLength) * minimumItemBytes(itemType),
    () => `${label()} (${formatCount(declaredLength)} items)`,
  );
  if (declaredLength > GGUF_LIMITS.maxArrayLength) {
    throw new GgufValidationError(
      'limit_exceeded',
      at,
      `${label()} declares ${formatCount(declaredLength)} items; the limit is ${formatCount(GGUF_LIMITS.maxArrayLength)}`,
    );
  }
  const length = Number(declaredLength);
  const fixed = FIXED[itemType];
  if (fixed && keepItems) {
    return { kind: 'array', itemType, length, items: await readFixedItems(reader, length, fixed, what) };
  } else if (fixed) {
    await reader.skip(length * fixed.size, what);
  } else if (itemType === 'string') {
    const items = await skipStrings(reader, length, label, keepItems);
    if (items) return { kind: 'array', itemType, length, items };
  } else {
    for (let index = 0; index < length; index++)
      await skipArray(reader, depth + 1, () => `item ${index} of ${label()}`);
  }
  return { kind: 'array', itemType, length };
}

async function readFixedItems(
  reader: BoundedReader,
  count: number,
  fixed: { size: number; decode: Decoder },
  what: Describe,
): Promise<GgufScalar[]> {
  const items: GgufScalar[] = [];
  for (let index = 0; index < count; index++) {
    if (reader.buffered() < fixed.size) await reader.need(fixed.size, what);
    items.push(reader.scalarNow(fixed.size, fixed.decode));
  }
  return items;
}

/** Walks `count` strings; with `keep`, returns them (strings too long to buffer are kept as ''). */
async function skipStrings(
  reader: BoundedReader,
  count: number,
  label: () => string,
  keep = false,
): Promise<string[] | undefined> {
  const maxBytes = GGUF_LIMITS.maxStringBytes;
  const items: string[] | undefined = keep ? [] : undefined;
  for (let index = 0; index < count; index++) {
    // Hot loop (vocabularies): stay synchronous while the bytes are already buffered.
    if (reader.buffered() < 8) await reader.need(8, () => `string ${index} of ${label()}`);
    const at = reader.position;
    const declaredLength = reader.u64Now();
    if (declaredLength > maxBytes) {
      reader.checkFileSpan(declaredLength, () => `string ${index} of ${label()}`);
      throw new GgufValidationError(
        'limit_exceeded',
        at,
        `string ${index} of ${label()} is ${formatCount(declaredLength)} bytes long; the limit is ${formatCount(maxBytes)} bytes`,
      );
    }
    const byteLength = Number(declaredLength);
    if (items && byteLength <= reader.capacity) {
      await reader.need(byteLength, () => `string ${index} of ${label()}`);
      items.push(lenientUtf8.decode(reader.bytesNow(byteLength)));
      continue;
    }
    items?.push('');
    if (!reader.trySkipBuffered(byteLength)) await reader.skip(byteLength, () => `string ${index} of ${label()}`);
  }
  return items;
}
