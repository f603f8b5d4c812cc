/**
 * A small, bounded reader for uncompressed tar archives (ustar, pax and GNU long names), enough for model
 * packs. Only plain files and folders are extracted; links, devices and unsafe names are refused outright.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { OutpostError } from '@contract';

const BLOCK = 512;
const COPY_CHUNK = 1024 * 1024;

export interface TarLimits {
  /** Entries of any kind (files, folders, headers). */
  maxEntries: number;
  /** Bytes of file content written in total. */
  maxTotalBytes: number;
  /** Size of a pax or GNU long-name record we are willing to read into memory. */
  maxMetaBytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 512 * 1024 ** 3,
  maxMetaBytes: 64 * 1024,
};

export interface TarExtractOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  limits?: Partial<TarLimits>;
}

interface Header {
  name: string;
  size: number;
  type: string;
}

/** Extracts `tarPath` into the existing, empty folder `destDir`. Throws `bad_request` naming the bad entry. */
export async function extractTar(tarPath: string, destDir: string, options: TarExtractOptions = {}): Promise<void> {
  const limits = { ...DEFAULT_TAR_LIMITS, ...options.limits };
  const archive = await open(tarPath, 'r');
  try {
    const totalBytes = (await archive.stat()).size;
    let offset = 0;
    let entries = 0;
    let written = 0;
    let pending: { path?: string; size?: number } = {};
    for (;;) {
      options.signal?.throwIfAborted();
      const block = await readExactly(archive, offset, BLOCK, tarPath);
      offset += BLOCK;
      if (block.every((byte) => byte === 0)) return; // end-of-archive marker
      if (++entries > limits.maxEntries) throw bad(tarPath, `it has more than ${limits.maxEntries} entries`);
      const header = parseHeader(block, tarPath);
      const isMeta = header.type === 'x' || header.type === 'g' || header.type === 'L';
      const size = isMeta ? header.size : (pending.size ?? header.size);
      const dataBlocks = Math.ceil(size / BLOCK) * BLOCK;
      if (offset + dataBlocks > totalBytes) throw bad(tarPath, `entry '${header.name}' is cut short`);

      if (isMeta) {
        if (size > limits.maxMetaBytes) throw bad(tarPath, `a ${size}-byte metadata record is too large`);
        const record = await readExactly(archive, offset, size, tarPath);
        if (header.type === 'x') pending = parsePax(record, tarPath);
        if (header.type === 'L') pending = { ...pending, path: cString(record) };
        offset += dataBlocks;
        continue;
      }
      const name = pending.path ?? header.name;
      pending = {};
      const target = safeTarget(destDir, name, tarPath);
      if (header.type === '5') {
        if (target !== null) await mkdir(target, { recursive: true });
      } else if (header.type === '0' || header.type === '\0' || header.type === '7') {
        if (target === null) throw bad(tarPath, `entry '${name}' is a file without a name`);
        written += size;
        if (written > limits.maxTotalBytes) throw bad(tarPath, `it unpacks to more than ${limits.maxTotalBytes} bytes`);
        await mkdir(path.dirname(target), { recursive: true });
        await copyOut(archive, offset, size, target, options.signal).catch((error: unknown) => {
          const code = (error as NodeJS.ErrnoException).code;
          throw code === 'EEXIST' ? bad(tarPath, `entry '${name}' appears twice`) : error;
        });
      } else {
        throw bad(tarPath, `entry '${name}' is a ${describeType(header.type)}; packs may hold only plain files`);
      }
      offset += dataBlocks;
      options.onProgress?.(Math.min(offset, totalBytes), totalBytes);
    }
  } finally {
    await archive.close();
  }
}

function parseHeader(block: Buffer, tarPath: string): Header {
  const stored = parseNumber(block.subarray(148, 156), 'checksum', tarPath);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  if (stored !== sum) throw bad(tarPath, 'a header checksum is wrong (not a tar file, or a damaged one)');
  const name = cString(block.subarray(0, 100));
  const isUstar = block.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = isUstar ? cString(block.subarray(345, 500)) : '';
  return {
    name: prefix.length > 0 ? `${prefix}/${name}` : name,
    size: parseNumber(block.subarray(124, 136), 'size', tarPath),
    type: String.fromCharCode(block[156] ?? 0),
  };
}

/** Octal text, or GNU base-256 (high bit set) for files of 8 GiB and more. */
function parseNumber(field: Buffer, what: string, tarPath: string): number {
  const first = field[0] ?? 0;
  if ((first & 0x80) !== 0) {
    let value = first & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw bad(tarPath, `a header ${what} is too large`);
    return value;
  }
  const text = cString(field).trim();
  if (!/^[0-7]*$/.test(text)) throw bad(tarPath, `a header ${what} is not a number`);
  return text.length === 0 ? 0 : parseInt(text, 8);
}

/** pax records: "<length> <key>=<value>\n"; we use `path` and `size` and ignore the rest. */
function parsePax(record: Buffer, tarPath: string): { path?: string; size?: number } {
  const result: { path?: string; size?: number } = {};
  let at = 0;
  while (at < record.length) {
    const space = record.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(record.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || at + length > record.length)
      throw bad(tarPath, 'a pax record is malformed');
    const text = record.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = text.indexOf('=');
    const key = text.slice(0, equals);
    const value = text.slice(equals + 1);
    if (key === 'path') result.path = value;
    if (key === 'size') {
      const size = Number(value);
      if (!Number.isSafeInteger(size) || size < 0) throw bad(tarPath, 'a pax size is malformed');
      result.size = size;
    }
    at += length;
  }
  return result;
}

/** Where an entry lands inside `destDir`, or null for the archive root ("./"). Refuses anything that escapes. */
function safeTarget(destDir: string, name: string, tarPath: string): string | null {
  const refuse = (why: string) => bad(tarPath, `entry '${name.slice(0, 200)}' ${why}`);
  if (name.includes('\0') || name.includes('\\')) throw refuse('has a forbidden character');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw refuse('is an absolute path');
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.some((part) => part === '..')) throw refuse("climbs out of the pack with '..'");
  if (parts.length === 0) return null;
  const target = path.resolve(destDir, ...parts);
  const relative = path.relative(path.resolve(destDir), target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw refuse('points outside the pack');
  return target;
}

async function copyOut(
  archive: FileHandle,
  offset: number,
  size: number,
  target: string,
  signal?: AbortSignal,
): Promise<void> {
  const out = await open(target, 'wx'); // never overwrite, never follow a planted link
  try {
    const buffer = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(size, 1)));
    for (let done = 0; done < size;) {
      signal?.throwIfAborted();
      const want = Math.min(buffer.length, size - done);
      const { bytesRead } = await archive.read(buffer, 0, want, offset + done);
      if (bytesRead !== want)
        throw new OutpostError('bad_request', `The archive ended inside ${path.basename(target)}`);
      await out.write(buffer, 0, bytesRead);
      done += bytesRead;
    }
  } finally {
    await out.close();
  }
}

async function readExactly(handle: FileHandle, offset: number, length: number, tarPath: string): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  if (bytesRead !== length) throw bad(tarPath, 'it ends in the middle of an entry (truncated?)');
  return buffer;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

function describeType(type: string): string {
  const kinds: Record<string, string> = {
    '1': 'hard link',
    '2': 'symbolic link',
    '3': 'character device',
    '4': 'block device',
    '6': 'FIFO',
  };
  return kinds[type] ?? `entry of unsupported type '${type}'`;
}

function bad(tarPath: string, why: string): OutpostError {
  return new OutpostError('bad_request', `The model pack ${path.basename(tarPath)} can't be unpacked: ${why}`, {
    file: tarPath,
  });
}
