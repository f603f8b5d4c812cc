/**
 * The partial file of one download together with the SHA-256 of exactly the bytes it holds. Node's
 * Hash state can't be saved, so opening an existing partial streams it through the hash first.
 */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** The slice of fs.promises.FileHandle a partial file needs (a seam for tests that fill the disk). */
export interface PartialHandle {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  /** Appends (the file is opened in append mode); may write fewer bytes than asked, or throw having written none. */
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  sync(): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

export const openPartialHandle = (filePath: string): Promise<PartialHandle> => open(filePath, 'a+');

const READ_CHUNK_BYTES = 1024 * 1024;

export class HashedPartialFile {
  private hash: Hash = createHash('sha256');
  private closed = false;

  private constructor(
    private readonly handle: PartialHandle,
    /** Bytes on disk, all of them fed to `hash`. */
    private bytes: number,
  ) {}

  /** Opens (creating if needed) `filePath` and hashes what it already holds; the caller must `close()` it. */
  static async open(
    filePath: string,
    signal: AbortSignal,
    openHandle: (filePath: string) => Promise<PartialHandle> = openPartialHandle,
  ): Promise<HashedPartialFile> {
    signal.throwIfAborted();
    const handle = await openHandle(filePath);
    const partial = new HashedPartialFile(handle, 0);
    try {
      await partial.hashExisting((await handle.stat()).size, signal);
      return partial;
    } catch (error) {
      await partial.close();
      throw error;
    }
  }

  get size(): number {
    return this.bytes;
  }

  /** Writes all of `chunk` at the end; the hash follows every byte that reached the file. */
  async append(chunk: Uint8Array): Promise<void> {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesWritten } = await this.handle.write(buffer, offset, buffer.length - offset);
      this.hash.update(buffer.subarray(offset, offset + bytesWritten));
      this.bytes += bytesWritten;
      offset += bytesWritten;
    }
  }

  /** Empties the file and starts the hash over (the server sent the whole file again). */
  async restart(): Promise<void> {
    await this.handle.truncate(0);
    this.hash = createHash('sha256');
    this.bytes = 0;
  }

  /** Hex SHA-256 of the bytes so far; appending may continue afterwards. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private async hashExisting(length: number, signal: AbortSignal): Promise<void> {
    const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, Math.max(length, 1)));
    while (this.bytes < length) {
      signal.throwIfAborted();
      const want = Math.min(buffer.length, length - this.bytes);
      const { bytesRead } = await this.handle.read(buffer, 0, want, this.bytes);
      if (bytesRead === 0) break; // shrank under us: keep what was read, the append point follows
      this.hash.update(buffer.subarray(0, bytesRead));
      this.bytes += bytesRead;
    }
    if (this.bytes < length) await this.handle.truncate(this.bytes);
  }
}
