/**
 * Produces the Electron-ABI build of better-sqlite3 that the window loads (see
 * src-main/electron/sqlite/electronSqliteBinding.ts), with @electron/rebuild on a private copy of the
 * package so the Node-ABI build in node_modules/better-sqlite3 stays as `npm install` left it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { electronSqliteBindingPath, electronSqliteDir } from '../../src-main/electron/sqlite/electronSqliteBinding';
import { readDeclaredAbi } from '../../src-main/electron/sqlite/nativeAbi';

export interface ElectronTarget {
  version: string;
  /** NODE_MODULE_VERSION of that Electron (node_modules/electron/abi_version). */
  abi: number;
}

export type ElectronSqliteResult =
  | { ok: true; binding: string; abi: number; built: boolean }
  | { ok: false; reason: string };

export function readElectronTarget(root: string): ElectronTarget | null {
  const dir = path.join(root, 'node_modules', 'electron');
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const version = typeof pkg === 'object' && pkg && 'version' in pkg ? String(pkg.version) : '';
    const abi = Number(fs.readFileSync(path.join(dir, 'abi_version'), 'utf8').trim());
    return version && Number.isInteger(abi) && abi > 0 ? { version, abi } : null;
  } catch {
    return null;
  }
}

/** The existing build when its declared ABI is Electron's; null when missing or stale. */
export function existingElectronSqlite(root: string, target: ElectronTarget): string | null {
  const binding = electronSqliteBindingPath(root, target.version);
  return fs.existsSync(binding) && readDeclaredAbi(binding) === target.abi ? binding : null;
}

function lastMeaningfulLine(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => stripVTControlCharacters(l).trim())
    .filter((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|error|fail/i.test(l));
  return (lines.find((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(l)) ?? lines.at(-1) ?? '').slice(0, 160);
}

/** A copy of the package without its Node-ABI build, as the only dependency of a throwaway project. */
function stagePackage(root: string, stage: string): string {
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const copy = path.join(stage, 'node_modules', 'better-sqlite3');
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(copy, { recursive: true });
  fs.cpSync(source, copy, { recursive: true, filter: (from) => !from.startsWith(path.join(source, 'build')) });
  const version = (JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { version?: unknown }).version;
  fs.writeFileSync(
    path.join(stage, 'package.json'),
    JSON.stringify({ name: 'outpost-electron-sqlite', private: true, dependencies: { 'better-sqlite3': String(version) } }),
  );
  return path.join(copy, 'build', 'Release', 'better_sqlite3.node');
}

/** Where @electron/rebuild fetches headers from (its default, or the override it honours). */
function headerTarball(version: string, env: NodeJS.ProcessEnv): string {
  const base = env.ELECTRON_REBUILD_DIST_URL || 'https://www.electronjs.org/headers';
  return `${base}/v${version}/node-v${version}-headers.tar.gz`;
}

/** The prebuilt tarball prebuild-install would fetch for this ABI, from the package's own repository. */
function prebuiltTarball(root: string, abi: number): string | null {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as {
    version?: unknown;
    repository?: unknown;
  };
  const repo = typeof pkg.repository === 'object' && pkg.repository && 'url' in pkg.repository ? String(pkg.repository.url) : '';
  const match = /github\.com[/:]([^/]+\/[^/.]+)/.exec(repo);
  if (!match || typeof pkg.version !== 'string') return null;
  const v = pkg.version;
  return `https://github.com/${match[1]}/releases/download/v${v}/better-sqlite3-v${v}-electron-v${abi}-${process.platform}-${process.arch}.tar.gz`;
}

/** A bounded HEAD request: null when reachable, else why not (a DNS failure answers within milliseconds). */
async function unreachable(url: string, timeoutMs = 10_000): Promise<string | null> {
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    return cause || (error instanceof Error ? error.message : String(error));
  }
}

/** Cached headers (node-gyp's electron cache) make a compile possible offline. */
function hasCachedHeaders(version: string): boolean {
  return fs.existsSync(path.join(os.homedir(), '.electron-gyp', version, 'include', 'node', 'node_version.h'));
}

/** Why no Electron build can be produced here, or null when a prebuilt or the headers can be had. */
export async function whyNoElectronSqliteSource(root: string, target: ElectronTarget, env = process.env): Promise<string | null> {
  if (hasCachedHeaders(target.version)) return null;
  const headers = await unreachable(headerTarball(target.version, env));
  if (!headers) return null;
  const prebuilt = prebuiltTarball(root, target.abi);
  const prebuiltProblem = prebuilt ? await unreachable(prebuilt) : 'no repository to fetch it from';
  if (!prebuiltProblem) return null;
  return `no Electron ${target.version} headers (${headers}) and no prebuilt better-sqlite3 for ABI ${target.abi} (${prebuiltProblem}) can be downloaded`;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.on('error', (error) => resolve({ code: null, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Returns the Electron-ABI binding, building it once when missing (prebuilt download, else compile against
 * Electron's headers). Offline machines without cached headers get a one-line reason at once.
 */
export async function ensureElectronSqlite(
  root: string,
  options: { timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<ElectronSqliteResult> {
  const target = readElectronTarget(root);
  if (!target) return { ok: false, reason: 'the electron package is not installed' };
  const existing = existingElectronSqlite(root, target);
  if (existing) return { ok: true, binding: existing, abi: target.abi, built: false };
  const noSource = await whyNoElectronSqliteSource(root, target);
  if (noSource) return { ok: false, reason: `cannot build better-sqlite3 for Electron (ABI ${target.abi}): ${noSource}` };

  const stage = path.join(electronSqliteDir(root, target.version), 'stage');
  const built = stagePackage(root, stage);
  options.log?.(`Building better-sqlite3 for Electron ${target.version} (ABI ${target.abi}) once...`);
  const cli = path.join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');
  const args = [cli, '--version', target.version, '--module-dir', stage, '--only', 'better-sqlite3', '--force'];
  const result = await run(process.execPath, args, stage, options.timeoutMs ?? 900_000);
  try {
    const abi = fs.existsSync(built) ? readDeclaredAbi(built) : null;
    if (result.code === 0 && abi === target.abi) {
      const binding = electronSqliteBindingPath(root, target.version);
      fs.copyFileSync(built, binding);
      return { ok: true, binding, abi, built: true };
    }
    const why =
      abi !== null && abi !== target.abi
        ? `the build declares ABI ${abi}, not ${target.abi}`
        : lastMeaningfulLine(result.output) || `exit ${result.code}`;
    return { ok: false, reason: `could not build better-sqlite3 for Electron ${target.version} (ABI ${target.abi}): ${why}` };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
