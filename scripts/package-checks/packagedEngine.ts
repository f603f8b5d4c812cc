/**
 * Fails a release whose packaged app would load node-llama-cpp's stock prebuilt instead of Outpost's
 * patched engine: every engine the platform ships must be an unpacked local build made from patches/.
 *   npx tsx scripts/package-checks/packagedEngine.ts <packaged app resources dir> cpu [cuda vulkan metal]
 */
import fs from 'node:fs';
import path from 'node:path';
import { ENGINE_MANIFEST, EngineManifest } from '../../src-main/core/inference/worker/engineManifest';

export { ENGINE_MANIFEST, EngineManifest };

/** node-llama-cpp's local builds inside a packaged app (native code can't load from inside app.asar). */
export function localBuildsDir(resourcesDir: string): string {
  return path.join(resourcesDir, 'app.asar.unpacked', 'node_modules', 'node-llama-cpp', 'llama', 'localBuilds');
}

/** Problems found; empty when every expected engine is a patched, unpacked local build. */
export function checkPackagedEngine(
  resourcesDir: string,
  expectedGpus: readonly string[],
  patchNames: readonly string[],
): string[] {
  const dir = localBuildsDir(resourcesDir);
  if (!fs.existsSync(dir)) return [`no ${dir}: the packaged app would load the stock prebuilt binary`];
  const found = new Map<string, EngineManifest>();
  const problems: string[] = [];
  for (const folder of fs.readdirSync(dir)) {
    const release = path.join(dir, folder, 'Release');
    const manifestFile = path.join(release, ENGINE_MANIFEST);
    if (!fs.existsSync(path.join(release, 'llama-addon.node'))) problems.push(`${folder}: no llama-addon.node`);
    if (!fs.existsSync(path.join(dir, folder, 'buildDone.status')))
      problems.push(`${folder}: no buildDone.status, node-llama-cpp would skip it`);
    let manifest: EngineManifest;
    try {
      manifest = EngineManifest.parse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
    } catch (error) {
      problems.push(
        `${folder}: ${ENGINE_MANIFEST} missing or invalid (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      );
      continue;
    }
    const missing = patchNames.filter((name) => !manifest.patches.includes(name));
    if (missing.length) problems.push(`${folder}: built without ${missing.join(', ')}`);
    found.set(manifest.gpu, manifest);
  }
  for (const gpu of expectedGpus) {
    if (!found.has(gpu))
      problems.push(`no patched ${gpu} engine: the packaged app would load the stock prebuilt for ${gpu}`);
  }
  if (found.get('cpu') && !found.get('cpu')?.portable)
    problems.push('the CPU engine was not built with --portable (tuned to the build machine)');
  return problems;
}

/** The resources dir of each unpacked app electron-builder left under release/<version>/. */
export function packagedResourcesDirs(releaseDir: string): string[] {
  const dirs: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 5 || !fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (fs.existsSync(path.join(full, 'app.asar'))) dirs.push(full);
      else walk(full, depth + 1);
    }
  };
  walk(releaseDir, 0);
  return dirs;
}

async function main(): Promise<void> {
  const [releaseDir = 'release', ...gpus] = process.argv.slice(2);
  const patches = fs
    .readdirSync(path.join(import.meta.dirname, '..', '..', 'patches'))
    .filter((f) => f.endsWith('.patch'));
  const resources = packagedResourcesDirs(releaseDir);
  if (resources.length === 0) throw new Error(`no packaged app (app.asar) under ${releaseDir}`);
  const problems = resources.flatMap((dir) =>
    checkPackagedEngine(dir, gpus.length ? gpus : ['cpu'], patches).map((p) => `${dir}: ${p}`),
  );
  if (problems.length) throw new Error(`packaged engine check failed:\n${problems.join('\n')}`);
  console.log(`packaged engine check passed for ${resources.join(', ')} (${gpus.join(', ') || 'cpu'})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
