/**
 * The built main-side bundles (out/main, out/preload) may only load Node built-ins, Electron where it exists,
 * and production dependencies that are installed: electron-builder ships `dependencies`, never devDependencies.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './builderConfig';

const OUT_MAIN = path.join(ROOT, 'out', 'main');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const BUILTINS = new Set(builtinModules);
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g;

function jsFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => /\.(c|m)?js$/.test(file))
    .map((file) => path.join(dir, file));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

function bareImports(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(SPECIFIER)].map((match) => match[1] ?? '');
}

const isBuiltin = (specifier: string) => specifier.startsWith('node:') || BUILTINS.has(packageName(specifier));

describe('built bundles', () => {
  if (!fs.existsSync(OUT_MAIN)) {
    it('exist', () => expect.fail('out/main is missing: run `npm run build` first (npm test does)'));
    return;
  }
  const files = jsFiles(OUT_MAIN);

  it('import only built-ins, electron, and installed production dependencies', () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const specifier of bareImports(file)) {
        if (isBuiltin(specifier) || specifier === 'electron') continue;
        const name = packageName(specifier);
        const where = path.relative(ROOT, file);
        if (!(name in pkg.dependencies)) problems.push(`${where}: ${specifier} is not in dependencies`);
        else if (!fs.existsSync(path.join(ROOT, 'node_modules', name, 'package.json')))
          problems.push(`${where}: ${specifier} is not installed`);
      }
    }
    expect(problems).toEqual([]);
    expect(files.flatMap(bareImports)).toEqual(expect.arrayContaining(['better-sqlite3', 'node-llama-cpp']));
  });

  it('import electron only from the Electron entry, never from the headless host or the workers', () => {
    const importers = files.filter((file) => bareImports(file).includes('electron')).map((f) => path.basename(f));
    expect(importers).toContain('main.js');
    // A chunk the Electron entry loads lazily (electron-updater on the first check) may import electron too,
    // as long as nothing but main.js refers to it.
    for (const chunk of importers.filter((name) => name !== 'main.js')) {
      const referrers = files
        .filter((file) => path.basename(file) !== chunk && fs.readFileSync(file, 'utf8').includes(chunk))
        .map((f) => path.basename(f));
      expect({ chunk, referrers }).toEqual({ chunk, referrers: ['main.js'] });
    }
  });

  it('give the sandboxed preload nothing to require but electron', () => {
    const preload = path.join(ROOT, 'out', 'preload', 'index.cjs');
    expect(bareImports(preload).filter((specifier) => specifier !== 'electron')).toEqual([]);
  });

  it('point package.json main at the built Electron entry', () => {
    const main = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string }).main;
    expect(fs.existsSync(path.join(ROOT, main))).toBe(true);
  });
});
