/**
 * Sequential little-endian reader that pulls a file through one fixed-size buffer. Every read is
 * checked against the file size and a header budget first, so a huge declared length fails before
 * anything is allocated or read.
 */
import { formatBytes, formatCount, GgufValidationError } from './ggufErrors';

/** What the reader needs from a file; `fs.promises.FileHandle` fits, and tests pass in-memory bytes. */
export interface RandomAccessSource {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

export interface ReaderStats {
  /** Bytes actually read from the source (skipped bytes are never read). */
  bytesRead: number;
  reads: number;
  /** Size of the largest buffer ever allocated. */
  largestBuffer: number;
}

/** Describes the thing being read, built only when a failure message needs it. */
export type Describe = string | (() => string);
const describe = (what: Describe): string => (typeof what === 'string' ? what : what());

export class BoundedReader {
  readonly stats: ReaderStats = { bytesRead: 0, reads: 0, largestBuffer: 0 };
  private readonly buffer: Buffer;
  /** File position of buffer[0]. */
  private bufferStart = 0;
  private bufferEnd = 0;
  private cursor = 0;

  constructor(
    private readonly source: RandomAccessSource,
    readonly fileSize: number,
    /** Reading past this file position is a `limit_exceeded` failure. */
    readonly maxPosition: number,
    chunkBytes: number,
  ) {
    this.buffer = Buffer.alloc(Math.max(16, Math.min(chunkBytes, fileSize)));
    this.stats.largestBuffer = this.buffer.length;
  }

  get position(): number {
    return this.bufferStart + this.cursor;
  }

  get remainingInFile(): number {
    return this.fileSize - this.position;
  }

  /** The most bytes one need() can hold; longer spans must be skipped. */
  get capacity(): number {
    return this.buffer.length;
  }

  buffered(): number {
    return this.bufferEnd - this.cursor;
  }

  /** Fails unless `byteCount` more bytes (a plain number, possibly huge) fit in the file and the header budget. */
  checkSpan(byteCount: number, what: Describe): void {
    this.checkFileSpan(byteCount, what);
    if (this.position + byteCount > this.maxPosition) {
      throw new GgufValidationError(
        'limit_exceeded',
        this.position,
        `the model header is larger than ${formatBytes(this.maxPosition)}, which no real model needs ` +
          `(${describe(what)} at byte ${formatCount(this.position)})`,
      );
    }
  }

  /** Fails with `truncated` unless `byteCount` more bytes fit in the file. */
  checkFileSpan(byteCount: number | bigint, what: Describe): void {
    if (this.position + Number(byteCount) > this.fileSize) {
      throw new GgufValidationError(
        'truncated',
        this.position,
        `file is truncated: ${describe(what)} at byte ${formatCount(this.position)} needs ${formatBytes(byteCount)} ` +
          `but the file has only ${formatBytes(this.fileSize)}`,
      );
    }
  }

  /** Makes sure `byteCount` (≤ the buffer size) bytes are buffered at the cursor. */
  async need(byteCount: number, what: Describe): Promise<void> {
    if (this.buffered() >= byteCount) return;
    this.checkSpan(byteCount, what);
    if (byteCount > this.buffer.length) throw new Error(`reader asked for ${byteCount} bytes at once`);
    const leftover = this.buffered();
    this.buffer.copy(this.buffer, 0, this.cursor, this.bufferEnd);
    this.bufferStart += this.cursor;
    this.cursor = 0;
    this.bufferEnd = leftover;
    while (this.bufferEnd < byteCount) {
      const filePosition = this.bufferStart + this.bufferEnd;
      const wanted = Math.min(this.buffer.length - this.bufferEnd, this.fileSize - filePosition);
      const { bytesRead } = await this.source.read(this.buffer, this.bufferEnd, wanted, filePosition);
      this.stats.reads++;
      if (bytesRead <= 0) {
        throw new GgufValidationError('truncated', filePosition, 'file is truncated: it ended while being read');
      }
      this.stats.bytesRead += bytesRead;
      this.bufferEnd += bytesRead;
    }
  }

  /** Advances without reading; only the buffered part is ever touched. */
  async skip(byteCount: number, what: Describe): Promise<void> {
    if (this.trySkipBuffered(byteCount)) return;
    this.checkSpan(byteCount, what);
    this.bufferStart = this.position + byteCount;
    this.cursor = 0;
    this.bufferEnd = 0;
  }

  /** Synchronous skip for hot loops; false when the bytes are not all buffered. */
  trySkipBuffered(byteCount: number): boolean {
    if (this.buffered() < byteCount) return false;
    this.cursor += byteCount;
    return true;
  }

  // The *Now readers require a preceding need(); they never touch the file.
  u8Now(): number {
    return this.buffer[this.cursor++]!;
  }
  u32Now(): number {
    const value = this.buffer.readUInt32LE(this.cursor);
    this.cursor += 4;
    return value;
  }
  /** A u64: a plain number up to 2^53, else an exact bigint (callers refuse those, naming the exact value). */
  u64Now(): number | bigint {
    const low = this.buffer.readUInt32LE(this.cursor);
    const high = this.buffer.readUInt32LE(this.cursor + 4);
    this.cursor += 8;
    const value = high * 2 ** 32 + low;
    return Number.isSafeInteger(value) ? value : this.buffer.readBigUInt64LE(this.cursor - 8);
  }
  /** The next `byteCount` buffered bytes, without consuming them. */
  peekNow(byteCount: number): Uint8Array {
    return this.buffer.subarray(this.cursor, this.cursor + byteCount);
  }
  bytesNow(byteCount: number): Uint8Array {
    const view = this.buffer.subarray(this.cursor, this.cursor + byteCount);
    this.cursor += byteCount;
    return view;
  }
  /** Scalar of `byteCount` bytes decoded by `decode` at the cursor (for metadata values). */
  scalarNow<T>(byteCount: number, decode: (buffer: Buffer, at: number) => T): T {
    const value = decode(this.buffer, this.cursor);
    this.cursor += byteCount;
    return value;
  }

  async u32(what: Describe): Promise<number> {
    await this.need(4, what);
    return this.u32Now();
  }
  async u64(what: Describe): Promise<number | bigint> {
    await this.need(8, what);
    return this.u64Now();
  }
}
