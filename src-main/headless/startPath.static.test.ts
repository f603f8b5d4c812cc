/**
 * What the headless host loads before it listens (everything main.ts imports statically): the page is served
 * first, so zod, ws, the contract and core's packages load after it (dynamic imports), never on this path.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticPackages } from '../../scripts/lib/staticImports';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe("the headless host's path to listening", () => {
  const packages = staticPackages(path.join(ROOT, 'src-main/headless/main.ts'), { root: ROOT });

  it('loads only the static file server', () => {
    expect([...packages.keys()]).toEqual(['sirv']);
  });

  it('is followed through its imports (the walk itself works)', () => {
    const core = staticPackages(path.join(ROOT, 'src-main/core/createCore.ts'), { root: ROOT });
    expect([...core.keys()]).toEqual(expect.arrayContaining(['zod', 'better-sqlite3']));
  });
});
