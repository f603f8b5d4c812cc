import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const STAMP = path.join(ROOT, 'out', '.build-stamp');
const INPUTS = ['src-main', 'src-preload', 'src-renderer', 'resources', 'electron.vite.config.ts', 'package.json'];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** The built headless entry; electron-vite names ESM output .mjs. */
export function headlessEntry(): string | null {
  for (const name of ['headless.mjs', 'headless.js']) {
    const file = path.join(ROOT, 'out', 'main', name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

export function isBuildStale(): boolean {
  if (!headlessEntry() || !fs.existsSync(STAMP)) return true;
  const built = fs.statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > built);
}

/** Builds main, preload and renderer with electron-vite; throws with its output on failure. */
export function build(): void {
  const bin = path.join(
    ROOT,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
  );
  const result = spawnSync(bin, ['build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`electron-vite build failed (exit ${result.status})`);
  fs.writeFileSync(STAMP, new Date().toISOString());
}

export function ensureBuilt(): void {
  if (!isBuildStale()) return;
  process.stdout.write('Building Outpost (main, preload, renderer)...\n');
  build();
}
