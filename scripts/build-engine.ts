/**
 * CLI: builds Outpost's patched node-llama-cpp engine (see patches/) for this platform and installs it as
 * node-llama-cpp's local build, which `getLlama` prefers over the stock prebuilt whenever it is present.
 *   npm run build-engine                  # CPU (metal on Apple silicon), tuned for this machine
 *   npm run build-engine -- --gpu cuda    # or vulkan
 *   npm run build-engine -- --portable    # release pipeline: every x64 CPU variant, loaded at runtime
 *   npm run build-engine -- --llama-bench # also build llama.cpp's llama-bench from the same tree (bench/)
 *   npm run build-engine -- --llama-server # also build llama.cpp's llama-server (the nodes suite runs against it)
 *   npm run build-engine -- --uninstall   # back to the stock prebuilt
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/buildState';
import { ENGINE_MANIFEST, type EngineManifest } from './package-checks/packagedEngine';
import {
  ENGINE_CACHE,
  type EngineGpu,
  localBuildTarget,
  nodeLlamaCppPackage,
  patchesFor,
  prepareAddonSources,
  prepareLlamaCpp,
} from './lib/engineSources';

const HELP = `Usage: npm run build-engine -- [--gpu false|cuda|vulkan|metal] [--portable] [--llama-bench]
                             [--llama-server] [--jobs N] [--no-install] [--uninstall]`;

const SHARED_LIBRARY = /\.(node|so(\.\d+)*|dylib|dll)$/;

function parseGpu(value: string | undefined): EngineGpu {
  if (value === undefined) return process.platform === 'darwin' && process.arch === 'arm64' ? 'metal' : false;
  if (value === 'false' || value === 'cpu') return false;
  if (value === 'cuda' || value === 'vulkan' || value === 'metal') return value;
  throw new Error(`--gpu must be one of false, cuda, vulkan, metal; got "${value}"`);
}

function nodeHeaders(): string {
  const dir = path.resolve(path.dirname(process.execPath), '..', 'include', 'node');
  if (!fs.existsSync(path.join(dir, 'node_api.h')))
    throw new Error(
      `Node-API headers not found at ${dir}; install Node.js with its headers (e.g. the official tarball)`,
    );
  return dir;
}

interface BuildChoices {
  gpu: EngineGpu;
  portable: boolean;
  llamaBench: boolean;
  llamaServer: boolean;
  variant: string;
}

function cmakeDefinitions(opts: BuildChoices) {
  const platform = `${process.platform === 'win32' ? 'win' : process.platform === 'darwin' ? 'mac' : 'linux'}-${process.arch}`;
  const defs: Record<string, string> = {
    CMAKE_BUILD_TYPE: 'Release',
    CMAKE_JS_INC: nodeHeaders(),
    NLC_CURRENT_PLATFORM: platform,
    NLC_TARGET_PLATFORM: platform,
    NLC_VARIANT: opts.variant,
    GGML_BUILD_NUMBER: '1',
    GGML_CCACHE: 'OFF',
    // The same threading as the stock binaries (ggml's own threads, no OpenMP): that is what the patch pools.
    GGML_OPENMP: 'OFF',
    GGML_METAL: opts.gpu === 'metal' ? '1' : 'OFF',
    LLAMA_CURL: 'OFF',
    LLAMA_HTTPLIB: 'OFF',
    LLAMA_BUILD_BORINGSSL: 'OFF',
    LLAMA_OPENSSL: 'OFF',
    LLAMA_BUILD_TOOLS: opts.llamaBench || opts.llamaServer ? 'ON' : 'OFF',
    LLAMA_BUILD_TESTS: 'OFF',
    LLAMA_BUILD_EXAMPLES: 'OFF',
    LLAMA_BUILD_SERVER: opts.llamaServer ? 'ON' : 'OFF',
    // The server without its web UI: that would be an npm build or a download, and the nodes suite uses its API only.
    LLAMA_BUILD_UI: 'OFF',
    LLAMA_USE_PREBUILT_UI: 'OFF',
  };
  if (opts.gpu === 'cuda') defs.GGML_CUDA = '1';
  if (opts.gpu === 'vulkan') defs.GGML_VULKAN = '1';
  if (opts.portable) Object.assign(defs, { GGML_NATIVE: 'OFF', GGML_CPU_ALL_VARIANTS: 'ON', GGML_BACKEND_DL: 'ON' });
  else defs.GGML_NATIVE = 'ON';
  return Object.entries(defs).map(([k, v]) => `-D${k}=${v}`);
}

function runStep(label: string, cmd: string, args: string[]): void {
  console.log(`\n> ${label}: ${cmd} ${args.join(' ')}`);
  // nice: the compile must not starve the rest of the machine
  const [bin, argv] = process.platform === 'win32' ? [cmd, args] : ['nice', ['-n', '10', cmd, ...args]];
  const result = spawnSync(bin, argv, { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
}

function sharedLibraries(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'CMakeFiles') sharedLibraries(full, found);
    else if (entry.isFile() && SHARED_LIBRARY.test(entry.name)) found.push(full);
  }
  return found;
}

/** Lays the build out the way node-llama-cpp's own `source build` does: <folder>/Release/* + buildDone.status. */
function install(buildDir: string, localBuildDir: string, metadata: unknown, manifest: EngineManifest): void {
  const release = path.join(localBuildDir, 'Release');
  fs.rmSync(localBuildDir, { recursive: true, force: true });
  fs.mkdirSync(release, { recursive: true });
  const files = sharedLibraries(buildDir);
  if (!files.some((f) => path.basename(f) === 'llama-addon.node')) throw new Error('llama-addon.node was not built');
  for (const file of files) fs.copyFileSync(file, path.join(release, path.basename(file)));
  fs.writeFileSync(path.join(release, '_nlcBuildMetadata.json'), JSON.stringify(metadata));
  // What the package check (scripts/package-checks/packagedEngine.ts) and the About screen read back.
  fs.writeFileSync(path.join(release, ENGINE_MANIFEST), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(localBuildDir, 'buildDone.status'), '');
}

/** Loads the engine the way the app does (no options) in a fresh process and reports which binary it got. */
function verifyInstalled(gpu: EngineGpu): string {
  const script = `import { getLlama } from 'node-llama-cpp';
const llama = await getLlama({ gpu: ${JSON.stringify(gpu)}, build: 'never', skipDownload: true, progressLogs: false });
console.log(JSON.stringify({ buildType: llama.buildType, gpu: llama.gpu, llamaCpp: llama.llamaCppRelease }));
await llama.dispose();`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }).trim();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      gpu: { type: 'string' },
      portable: { type: 'boolean', default: false },
      'llama-bench': { type: 'boolean', default: false },
      'llama-server': { type: 'boolean', default: false },
      jobs: { type: 'string' },
      'no-install': { type: 'boolean', default: false },
      uninstall: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(HELP);
  const gpu = parseGpu(values.gpu);
  const nlc = nodeLlamaCppPackage();
  const target = await localBuildTarget(nlc, gpu);
  const localBuildDir = path.join(nlc.dir, 'llama', 'localBuilds', target.folderName);
  if (values.uninstall) {
    fs.rmSync(localBuildDir, { recursive: true, force: true });
    return void console.log(`removed ${localBuildDir}; node-llama-cpp uses its prebuilt binaries again`);
  }

  const patches = patchesFor(nlc.version);
  const llamaCpp = prepareLlamaCpp(nlc);
  const src = prepareAddonSources(nlc, llamaCpp, patches);
  console.log(`node-llama-cpp ${nlc.version} + ${patches.map((p) => path.basename(p)).join(', ')} → ${src}`);

  const flavour = `${target.folderName}${values.portable ? '-portable' : ''}`;
  const buildDir = path.join(ENGINE_CACHE, `build-${nlc.version}-${flavour}`);
  const jobs = values.jobs ?? String(Math.max(1, os.availableParallelism()));
  const defs = cmakeDefinitions({
    gpu,
    portable: values.portable,
    llamaBench: values['llama-bench'],
    llamaServer: values['llama-server'],
    variant: target.binVariant,
  });
  runStep('configure', 'cmake', ['-S', src, '-B', buildDir, ...defs]);
  // llama-batched-bench anchors bench/parallel (several sequences in one batch), llama-bench the rest.
  const targets = [
    'llama-addon',
    ...(values['llama-bench'] ? ['llama-bench', 'llama-batched-bench'] : []),
    ...(values['llama-server'] ? ['llama-server'] : []),
  ];
  runStep('compile', 'cmake', ['--build', buildDir, '--config', 'Release', '-j', jobs, '--target', ...targets]);
  if (values['llama-bench']) console.log(`llama-bench: ${path.join(buildDir, 'bin', 'llama-bench')}`);
  if (values['llama-server']) console.log(`llama-server: ${path.join(buildDir, 'bin', 'llama-server')}`);
  if (values['no-install']) return void console.log(`built in ${buildDir} (not installed)`);

  install(buildDir, localBuildDir, target.metadata, {
    engine: 'outpost-patched',
    nodeLlamaCpp: nlc.version,
    patches: patches.map((p) => path.basename(p)),
    gpu: gpu === false ? 'cpu' : gpu,
    portable: values.portable,
  });
  console.log(`installed ${localBuildDir}\nnode-llama-cpp now loads: ${verifyInstalled(gpu)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
