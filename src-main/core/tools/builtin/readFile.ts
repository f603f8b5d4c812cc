import fs from 'node:fs';
import { z } from 'zod';
import type { GrantedFolders } from '../grantedFolders';
import { toModelJsonSchema } from '../jsonSchema';
import { resolveGrantedPath } from '../safePath';
import { defineTool, ToolError } from '../toolTypes';

export const MAX_READ_FILE_BYTES = 256 * 1024;
/** Text handed back per call, under the 8 KB result cap so the model sees a clean page boundary. */
const PAGE_CHARS = 6000;

const Input = z.object({
  path: z.string().min(1).max(4096).describe('File path: relative to a granted folder, or absolute inside one.'),
  startLine: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('First line to return (1-based); use nextStartLine to continue.'),
});

export interface ReadFileOutput {
  path: string;
  sizeBytes: number;
  startLine: number;
  /** Set when the file goes on beyond what was returned. */
  nextStartLine: number | null;
  text: string;
}

// O_NOFOLLOW: the checked real path must not be swapped for a link in between; O_NONBLOCK: a FIFO can't hang us.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

async function readGrantedFile(realPath: string, requested: string): Promise<Buffer> {
  const handle = await fs.promises.open(realPath, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new ToolError('not_a_file', `"${requested}" is a folder; use list_directory.`);
    if (!stats.isFile())
      throw new ToolError('not_a_file', `"${requested}" is a device or special file and cannot be read.`);
    if (stats.size > MAX_READ_FILE_BYTES) {
      throw new ToolError(
        'too_large',
        `"${requested}" is ${stats.size} bytes; files over ${MAX_READ_FILE_BYTES} bytes (256 KB) cannot be read.`,
      );
    }
    const bytes = await handle.readFile();
    if (bytes.length > MAX_READ_FILE_BYTES)
      throw new ToolError('too_large', `"${requested}" grew past 256 KB while being read.`);
    return bytes;
  } finally {
    await handle.close();
  }
}

function page(text: string, startLine: number): { text: string; nextStartLine: number | null } {
  const lines = text.split('\n');
  if (startLine > lines.length) return { text: '', nextStartLine: null };
  let out = '';
  let line = startLine;
  while (line <= lines.length) {
    const next = `${lines[line - 1] ?? ''}${line < lines.length ? '\n' : ''}`;
    if (out.length > 0 && out.length + next.length > PAGE_CHARS) break;
    out += next.length > PAGE_CHARS ? next.slice(0, PAGE_CHARS) : next;
    line++;
  }
  return { text: out, nextStartLine: line <= lines.length ? line : null };
}

export function createReadFileTool(grants: GrantedFolders) {
  return defineTool<z.infer<typeof Input>, ReadFileOutput>({
    name: 'read_file',
    title: 'Read a file',
    description:
      'Read a text file from a folder the user granted. Long files come in pages: pass nextStartLine to continue.',
    inputSchema: Input,
    jsonSchema: toModelJsonSchema(Input),
    defaultPermission: 'ask',
    sideEffects: 'reads-files',
    timeoutMs: 10_000,
    async run(input, ctx) {
      const { realPath } = resolveGrantedPath(
        input.path,
        grants.forAgent(ctx.agentId).map((g) => g.path),
      );
      const bytes = await readGrantedFile(realPath, input.path);
      if (bytes.includes(0)) throw new ToolError('binary_file', `"${input.path}" is a binary file, not text.`);
      const startLine = input.startLine ?? 1;
      const { text, nextStartLine } = page(bytes.toString('utf8'), startLine);
      return { path: realPath, sizeBytes: bytes.length, startLine, nextStartLine, text };
    },
  });
}
