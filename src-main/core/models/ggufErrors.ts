/** Why a file failed our GGUF header validation; messages are written for the person who picked the file. */
export type GgufValidationReason =
  | 'not_gguf'
  | 'unsupported_version'
  | 'truncated'
  | 'limit_exceeded'
  | 'malformed'
  /** A known key stored with the wrong value type. */
  | 'wrong_type'
  /** Values that are each well-formed but impossible together (or for llama.cpp): a bad hyper-parameter, shape or vocabulary. */
  | 'inconsistent';

export class GgufValidationError extends Error {
  readonly reason: GgufValidationReason;
  /** Byte offset in the file where the problem was found. */
  readonly offset: number;
  /** The metadata key or tensor the problem is about, when there is one. */
  readonly field: string | null;

  constructor(reason: GgufValidationReason, offset: number, message: string, field: string | null = null) {
    super(message);
    this.name = 'GgufValidationError';
    this.reason = reason;
    this.offset = offset;
    this.field = field;
  }
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** Human-readable size in decimal units, as file managers show them: "3.1 MB", "12 GB". */
export function formatBytes(bytes: number | bigint): string {
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${value} ${value === 1 ? 'byte' : 'bytes'}`;
  const rounded = value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
  return `${rounded} ${UNITS[unit]}`;
}

/** Thousands separators for counts in messages ("4,294,967,296"). */
export function formatCount(count: number | bigint): string {
  return count.toLocaleString('en-US');
}
