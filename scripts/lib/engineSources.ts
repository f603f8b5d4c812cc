/**
 * Prepares the sources of the patched node-llama-cpp engine in .cache/engine: the llama.cpp release that
 * node-llama-cpp ships as a git bundle, plus a copy of its addon with Outpost's patches applied.
 * node_modules is only read here; the one thing written into it is the finished local build (see build-engine).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './buildState';

export const ENGINE_CACHE = path.join(ROOT, '.cache', 'engine');
export const PATCHES_DIR = path.join(ROOT, 'patches');
/** Parts of node-llama-cpp's llama/ folder that its CMakeLists.txt needs. */
const ADDON_PARTS = ['CMakeLists.txt', 'addon', 'cmake', 'profiles', 'toolchains'];

export interface NlcPackage {
  dir: string;
  version: string;
}

export function nodeLlamaCppPackage(): NlcPackage {
  const entry = createRequire(import.meta.url).resolve('node-llama-cpp'); // <dir>/dist/index.js
  const dir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/** Outpost's patches for exactly this node-llama-cpp version, in name order; none is an error. */
export function patchesFor(version: string): string[] {
  const prefix = `node-llama-cpp+${version}+`;
  const files = fs.existsSync(PATCHES_DIR)
    ? fs.readdirSync(PATCHES_DIR).filter((f) => f.startsWith(prefix) && f.endsWith('.patch'))
    : [];
  if (files.length === 0) {
    throw new Error(
      `No patches/${prefix}*.patch for the installed node-llama-cpp ${version}: port the patch to this version first`,
    );
  }
  return files.sort().map((f) => path.join(PATCHES_DIR, f));
}

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function succeeds(cmd: string, args: string[], cwd: string): boolean {
  try {
    run(cmd, args, cwd);
    return true;
  } catch {
    return false;
  }
}

/** Clones the bundled release once and applies node-llama-cpp's own llama.cpp patches (idempotent). */
export function prepareLlamaCpp(nlc: NlcPackage): string {
  const repo = path.join(ENGINE_CACHE, 'llama.cpp');
  if (!fs.existsSync(path.join(repo, '.git'))) {
    fs.mkdirSync(ENGINE_CACHE, { recursive: true });
    run('git', ['clone', '--quiet', path.join(nlc.dir, 'llama', 'gitRelease.bundle'), repo], ROOT);
  }
  const upstreamPatches = path.join(nlc.dir, 'llama', 'patches');
  for (const name of fs.existsSync(upstreamPatches) ? fs.readdirSync(upstreamPatches).sort() : []) {
    const file = path.join(upstreamPatches, name);
    if (succeeds('git', ['apply', '--check', '--reverse', file], repo)) continue; // already applied
    run('git', ['apply', file], repo);
  }
  return repo;
}

function copyIfChanged(from: string, to: string): void {
  if (fs.statSync(from).isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) copyIfChanged(path.join(from, entry), path.join(to, entry));
    return;
  }
  const next = fs.readFileSync(from);
  // Unchanged files keep their mtime, so a rebuild only recompiles what the patches touched.
  if (fs.existsSync(to) && fs.readFileSync(to).equals(next)) return;
  fs.writeFileSync(to, next);
}

/**
 * Builds <cache>/src-<version>: the addon copied from node_modules, patched in a scratch copy, then synced
 * file by file; llama.cpp is linked in. Throws with patch's output when a patch does not apply cleanly.
 */
export function prepareAddonSources(nlc: NlcPackage, llamaCppRepo: string, patches: string[]): string {
  const scratch = path.join(ENGINE_CACHE, `scratch-${nlc.version}`);
  const src = path.join(ENGINE_CACHE, `src-${nlc.version}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  for (const part of ADDON_PARTS) {
    const from = path.join(nlc.dir, 'llama', part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(scratch, 'llama', part), { recursive: true });
  }
  for (const patch of patches) {
    try {
      run('patch', ['-p1', '--forward', '--batch', '--no-backup-if-mismatch', '-i', patch, '-d', scratch], ROOT);
    } catch (error) {
      const output = (error as { stdout?: string }).stdout ?? String(error);
      throw new Error(`${path.basename(patch)} does not apply to node-llama-cpp ${nlc.version}:\n${output}`, {
        cause: error,
      });
    }
  }
  copyIfChanged(path.join(scratch, 'llama'), src);
  fs.rmSync(scratch, { recursive: true, force: true });
  const link = path.join(src, 'llama.cpp');
  if (!fs.existsSync(link)) fs.symlinkSync(llamaCppRepo, link, 'dir');
  return src;
}

export type EngineGpu = false | 'cuda' | 'vulkan' | 'metal';

export interface LocalBuildTarget {
  /** node-llama-cpp's folder under llama/localBuilds, e.g. linux-x64 or linux-x64-cuda. */
  folderName: string;
  /** Suffix of libllama/libggml, e.g. v0.5.0 (NLC_VARIANT). */
  binVariant: string;
  /** Content of _nlcBuildMetadata.json, as node-llama-cpp writes it for its own local builds. */
  metadata: unknown;
}

/**
 * Asks node-llama-cpp's own (internal) helpers for the names it will look up, so `getLlama` finds the
 * build without options. Internal paths are pinned to the version the patch targets.
 */
export async function localBuildTarget(nlc: NlcPackage, gpu: EngineGpu): Promise<LocalBuildTarget> {
  const internal = async <T>(file: string) => (await import(pathToFileURL(path.join(nlc.dir, 'dist', file)).href)) as T;
  const { getBuildFolderNameForBuildOptions } = await internal<{
    getBuildFolderNameForBuildOptions(o: unknown): Promise<{ withCustomCmakeOptions: string; binVariant: string }>;
  }>('bindings/utils/getBuildFolderNameForBuildOptions.js');
  const { getPlatformInfo } = await internal<{ getPlatformInfo(): Promise<unknown> }>(
    'bindings/utils/getPlatformInfo.js',
  );
  const { builtinLlamaCppRelease } = await internal<{ builtinLlamaCppRelease: string }>(
    'bindings/utils/binariesGithubRelease.js',
  );
  const { getPlatform } = await internal<{ getPlatform(): string }>('bindings/utils/getPlatform.js');
  const buildOptions = {
    customCmakeOptions: new Map<string, string>(),
    progressLogs: true,
    platform: getPlatform(),
    platformInfo: await getPlatformInfo(),
    arch: process.arch,
    gpu,
    llamaCpp: { repo: 'ggml-org/llama.cpp', release: builtinLlamaCppRelease },
  };
  const names = await getBuildFolderNameForBuildOptions(buildOptions);
  return {
    folderName: names.withCustomCmakeOptions,
    binVariant: names.binVariant,
    metadata: { buildOptions: { ...buildOptions, customCmakeOptions: {} } },
  };
}
