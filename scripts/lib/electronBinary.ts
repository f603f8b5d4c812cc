import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export interface ElectronCheck {
  ok: boolean;
  /** Absolute path of the binary when ok. */
  binary: string | null;
  /** Why Electron can't start, in a few words, when not ok. */
  reason: string | null;
}

function electronPackageDir(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The binary the electron package points at, without triggering its lazy download. */
export function findElectronBinary(): string | null {
  const dir = electronPackageDir();
  if (!dir) return null;
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

/** Electron 45 downloads its binary on first use; try once, bounded, and report why it failed. */
export function tryInstallElectron(timeoutMs = 180_000): string | null {
  const dir = electronPackageDir();
  if (!dir) return 'the electron package is not installed';
  const result = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0 && findElectronBinary()) return null;
  const firstLine = `${result.stderr ?? ''}`.split('\n').find((l) => l.trim()) ?? `exit ${result.status}`;
  return `download failed: ${firstLine.trim().slice(0, 120)}`;
}

export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export function checkElectron(options: { allowDownload: boolean }): ElectronCheck {
  if (!hasDisplay()) return { ok: false, binary: null, reason: 'no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  let binary = findElectronBinary();
  if (!binary && options.allowDownload) {
    process.stdout.write('Electron binary missing; trying to download it once...\n');
    const failure = tryInstallElectron();
    if (failure) return { ok: false, binary: null, reason: `no Electron binary (${failure})` };
    binary = findElectronBinary();
  }
  return binary ? { ok: true, binary, reason: null } : { ok: false, binary: null, reason: 'no Electron binary' };
}
