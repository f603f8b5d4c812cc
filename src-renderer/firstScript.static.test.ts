/**
 * The renderer's first script (everything main.tsx imports statically) only shows the frame prerendered into
 * index.html; React (boot.tsx) loads after it, and zod and the contract's schemas after that (dynamic imports).
 * Followed here by reading the sources, as the bundler would.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticPackages } from '../scripts/lib/staticImports';

const ROOT = path.resolve(import.meta.dirname, '..');
const firstScriptPackages = (entry: string) =>
  staticPackages(entry, { root: ROOT, aliases: { '@contract': 'src-preload/contract.ts' } });

describe("the renderer's first script", () => {
  it('imports no package at all: React and the stores come in the next chunk', () => {
    expect([...firstScriptPackages(path.join(ROOT, 'src-renderer/main.tsx'))]).toEqual([]);
  });
});

describe("the app's chunk (boot.tsx, loaded by the first script)", () => {
  const packages = firstScriptPackages(path.join(ROOT, 'src-renderer/boot.tsx'));

  it('is followed through its imports (the walk itself works)', () => {
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['react', 'react-dom/client', 'zustand']));
  });

  it('leaves zod (and so every contract schema) to later chunks', () => {
    const zod = [...packages].filter(([name]) => name === 'zod' || name.startsWith('zod/'));
    expect(zod, `imported statically by ${zod.map(([, by]) => by).join(', ')}`).toEqual([]);
  });
});
