import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { GrantedFolders } from '../grantedFolders';
import { toModelJsonSchema } from '../jsonSchema';
import { liveRoots, resolveGrantedPath } from '../safePath';
import { defineTool, ToolError } from '../toolTypes';

export const MAX_LISTED_ENTRIES = 200;

const Input = z.object({
  path: z.string().max(4096).optional().describe('Folder to list; leave out to list the granted folders themselves.'),
});

export interface DirectoryEntry {
  name: string;
  type: 'file' | 'folder' | 'link' | 'other';
  sizeBytes?: number;
}

export interface ListDirectoryOutput {
  path: string | null;
  entries: DirectoryEntry[];
  /** How many entries were left out beyond the cap. */
  omitted: number;
}

function describeEntry(folder: string, entry: fs.Dirent): DirectoryEntry {
  if (entry.isSymbolicLink()) return { name: entry.name, type: 'link' };
  if (entry.isDirectory()) return { name: entry.name, type: 'folder' };
  if (!entry.isFile()) return { name: entry.name, type: 'other' };
  try {
    return { name: entry.name, type: 'file', sizeBytes: fs.lstatSync(path.join(folder, entry.name)).size };
  } catch {
    return { name: entry.name, type: 'file' };
  }
}

export function createListDirectoryTool(grants: GrantedFolders) {
  return defineTool<z.infer<typeof Input>, ListDirectoryOutput>({
    name: 'list_directory',
    title: 'List a folder',
    description: 'List files and folders inside a folder the user granted. Without a path, lists the granted folders.',
    inputSchema: Input,
    jsonSchema: toModelJsonSchema(Input),
    defaultPermission: 'ask',
    sideEffects: 'reads-files',
    timeoutMs: 10_000,
    async run(input, ctx) {
      const grantPaths = grants.forAgent(ctx.agentId).map((g) => g.path);
      if (!input.path) {
        const roots = liveRoots(grantPaths);
        if (roots.length === 0) throw new ToolError('no_grant', 'The user has not granted any folder to this agent.');
        return { path: null, entries: roots.map((root) => ({ name: root, type: 'folder' as const })), omitted: 0 };
      }
      const { realPath } = resolveGrantedPath(input.path, grantPaths);
      if (!fs.statSync(realPath).isDirectory()) {
        throw new ToolError('not_a_directory', `"${input.path}" is not a folder; use read_file.`);
      }
      const dirents = await fs.promises.readdir(realPath, { withFileTypes: true });
      dirents.sort((a, b) => a.name.localeCompare(b.name));
      const shown = dirents.slice(0, MAX_LISTED_ENTRIES).map((entry) => describeEntry(realPath, entry));
      return { path: realPath, entries: shown, omitted: Math.max(0, dirents.length - MAX_LISTED_ENTRIES) };
    },
  });
}
