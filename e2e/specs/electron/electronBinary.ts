/**
 * Finds the Electron executable without importing the `electron` package: its index.js tries to
 * download the binary when it is missing, which must never happen inside a test run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built main entry, i.e. package.json "main" (electron-vite writes ESM .js because the package is "type": "module"). */
export const BUILT_MAIN_ENTRY = path.join(REPO_ROOT, 'out', 'main', 'main.js');

/** Absolute path of the Electron executable, or null when the package has no downloaded binary. */
export function electronExecutablePath(root: string = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): string | null {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(packageDir, 'dist');
  const executable = path.join(distDir, relative);
  return existsSync(executable) ? executable : null;
}

export function electronBinaryAvailable(): boolean {
  return electronExecutablePath() !== null;
}

/** Electron needs a display on Linux; CI provides one with xvfb-run (which sets DISPLAY). */
export function displayAvailable(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return platform !== 'linux' || Boolean(env.DISPLAY) || Boolean(env.WAYLAND_DISPLAY);
}
