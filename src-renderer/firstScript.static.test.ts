/**
 * The renderer's first script (everything main.tsx imports statically) only shows the frame prerendered into
 * index.html; React (boot.tsx) loads after it, and zod and the contract's schemas after that (dynamic imports).
 * Followed here by reading the sources, as the bundler would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const ALIASES: Record<string, string> = { '@contract': 'src-preload/contract.ts' };
// Static imports and re-exports that are not type-only; `import('…')` is left out on purpose.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveLocal(from: string, specifier: string): string | null {
  const base = ALIASES[specifier]
    ? path.join(ROOT, ALIASES[specifier])
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every package the first script pulls in, with the local file that first imports it. */
function firstScriptPackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || /\.(css|svg)$/.test(file)) continue;
    seen.add(file);
    for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (!specifier || specifier.endsWith('.css')) continue;
      const local = resolveLocal(file, specifier);
      if (local) queue.push(local);
      else if (!packages.has(specifier)) packages.set(specifier, path.relative(ROOT, file));
    }
  }
  return packages;
}

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
