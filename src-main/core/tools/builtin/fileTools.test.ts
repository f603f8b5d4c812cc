import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/testPorts';
import { GrantedFolders } from '../grantedFolders';
import { openTestDatabase, toolContext } from '../testing/toolTestKit';
import { ToolError } from '../toolTypes';
import { createListDirectoryTool } from './listDirectory';
import { createReadFileTool, MAX_READ_FILE_BYTES } from './readFile';

let db: Database;
let grants: GrantedFolders;
let root: string;
let outside: string;
let readFile: ReturnType<typeof createReadFileTool>;
let listDirectory: ReturnType<typeof createListDirectoryTool>;
const ctx = toolContext();

async function readError(p: string): Promise<ToolError> {
  const error = await readFile.run({ path: p }, ctx).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

beforeEach(() => {
  db = openTestDatabase();
  grants = new GrantedFolders(db, Date.now);
  const base = makeTempDir('outpost-files-');
  root = path.join(base, 'granted');
  outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(root, 'hello.txt'), 'line one\nline two\n');
  fs.writeFileSync(path.join(root, 'sub', 'deep.md'), '# deep');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
  grants.grant(root, 'agent-a');
  readFile = createReadFileTool(grants);
  listDirectory = createListDirectoryTool(grants);
});
afterEach(() => db.close());

describe('read_file', () => {
  it('reads a text file by relative and by absolute path', async () => {
    const byRelative = await readFile.run({ path: 'hello.txt' }, ctx);
    expect(byRelative).toMatchObject({ text: 'line one\nline two\n', startLine: 1, nextStartLine: null });
    const byAbsolute = await readFile.run({ path: path.join(root, 'sub', 'deep.md') }, ctx);
    expect(byAbsolute.text).toBe('# deep');
  });

  it('pages long files by line', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i + 1}`).join('\n');
    fs.writeFileSync(path.join(root, 'long.txt'), lines);
    const first = await readFile.run({ path: 'long.txt' }, ctx);
    expect(first.text.length).toBeLessThanOrEqual(6000);
    expect(first.nextStartLine).toBeGreaterThan(1);
    const second = await readFile.run({ path: 'long.txt', startLine: first.nextStartLine ?? 0 }, ctx);
    expect(second.text.startsWith(`line ${first.nextStartLine}\n`)).toBe(true);
  });

  it('refuses ../ traversal, even when it would land back inside', async () => {
    expect((await readError('../outside/secret.txt')).code).toBe('outside_grant');
    expect((await readError('sub/../hello.txt')).code).toBe('outside_grant');
    expect((await readError('sub\\..\\..\\outside\\secret.txt')).code).toBe('outside_grant');
  });

  it('refuses absolute paths outside the grants', async () => {
    expect((await readError(path.join(outside, 'secret.txt'))).code).toBe('outside_grant');
    expect((await readError('/etc/passwd')).code).toBe('outside_grant');
  });

  it('treats %2e%2e-style names as plain names', async () => {
    expect((await readError('%2e%2e/outside/secret.txt')).code).toBe('not_found');
    fs.mkdirSync(path.join(root, '%2e%2e'));
    fs.writeFileSync(path.join(root, '%2e%2e', 'x.txt'), 'literal');
    expect((await readFile.run({ path: '%2e%2e/x.txt' }, ctx)).text).toBe('literal');
  });

  it('refuses a symlinked file inside the grant that points outside', async () => {
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'innocent.txt'));
    expect((await readError('innocent.txt')).code).toBe('outside_grant');
  });

  it('refuses a path through a symlinked directory that points outside', async () => {
    fs.symlinkSync(outside, path.join(root, 'linked-dir'));
    expect((await readError('linked-dir/secret.txt')).code).toBe('outside_grant');
    await expect(listDirectory.run({ path: 'linked-dir' }, ctx)).rejects.toMatchObject({ code: 'outside_grant' });
  });

  it('allows a symlink that stays inside the grant', async () => {
    fs.symlinkSync(path.join(root, 'hello.txt'), path.join(root, 'alias.txt'));
    expect((await readFile.run({ path: 'alias.txt' }, ctx)).text).toContain('line one');
  });

  it('refuses device files, folders, binary files and files over the size cap', async () => {
    grants.grant('/dev', 'agent-a');
    expect((await readError('/dev/null')).code).toBe('not_a_file');
    expect((await readError('sub')).code).toBe('not_a_file');
    fs.writeFileSync(path.join(root, 'image.bin'), Buffer.from([0x89, 0x50, 0x00, 0x47]));
    expect((await readError('image.bin')).code).toBe('binary_file');
    fs.writeFileSync(path.join(root, 'big.txt'), 'x'.repeat(MAX_READ_FILE_BYTES + 1));
    const tooBig = await readError('big.txt');
    expect(tooBig.code).toBe('too_large');
    expect(tooBig.message).toContain('256 KB');
  });

  it("sees nothing without a grant, and another agent does not see this agent's grant", async () => {
    const other = toolContext({ agentId: 'agent-b' });
    await expect(readFile.run({ path: 'hello.txt' }, other)).rejects.toMatchObject({ code: 'no_grant' });
    grants.grant(outside, null);
    expect((await readFile.run({ path: 'secret.txt' }, other)).text).toBe('top secret');
    await expect(readFile.run({ path: path.join(root, 'hello.txt') }, other)).rejects.toMatchObject({
      code: 'outside_grant',
    });
  });

  it('reports a missing file and a revoked grant', async () => {
    expect((await readError('nope.txt')).code).toBe('not_found');
    for (const grant of grants.forAgent('agent-a')) grants.revoke(grant.id);
    expect((await readError('hello.txt')).code).toBe('no_grant');
  });
});

describe('list_directory', () => {
  it('lists the granted folders without a path, then a folder with types and sizes', async () => {
    const roots = await listDirectory.run({}, ctx);
    expect(roots.entries).toEqual([{ name: fs.realpathSync(root), type: 'folder' }]);
    fs.symlinkSync(outside, path.join(root, 'link'));
    const listing = await listDirectory.run({ path: '.' }, ctx);
    expect(listing.entries).toEqual([
      { name: 'hello.txt', type: 'file', sizeBytes: 18 },
      { name: 'link', type: 'link' },
      { name: 'sub', type: 'folder' },
    ]);
  });

  it('refuses traversal and files', async () => {
    await expect(listDirectory.run({ path: '..' }, ctx)).rejects.toMatchObject({ code: 'outside_grant' });
    await expect(listDirectory.run({ path: outside }, ctx)).rejects.toMatchObject({ code: 'outside_grant' });
    await expect(listDirectory.run({ path: 'hello.txt' }, ctx)).rejects.toMatchObject({ code: 'not_a_directory' });
  });
});
