/**
 * Which llama.cpp binary this worker really loaded: Outpost's patched build (its outpost-engine.json lies beside
 * the addon), node-llama-cpp's stock prebuilt, or another local build. Read once after getLlama, never guessed
 * from settings.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Llama } from 'node-llama-cpp';
import { z } from 'zod';
import type { EngineBuild } from '../../../../src-preload/contract/inference';
import { ENGINE_MANIFEST, EngineManifest } from './engineManifest';

const ADDON = 'llama-addon.node';

/** node-llama-cpp's package folder (dist/index.js → ..), as the worker resolves it. */
function nodeLlamaCppDir(): string {
  return path.resolve(path.dirname(createRequire(import.meta.url).resolve('node-llama-cpp')), '..');
}

const PackageJson = z.object({ version: z.string() });

function readVersion(dir: string): string {
  try {
    const parsed = PackageJson.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')));
    return parsed.success ? parsed.data.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function readManifest(releaseDir: string): EngineManifest | null {
  try {
    const parsed = EngineManifest.safeParse(
      JSON.parse(fs.readFileSync(path.join(releaseDir, ENGINE_MANIFEST), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Linux: the folder of the addon this process has mapped, which is exactly the binary in use. */
function mappedAddonDir(): string | null {
  try {
    const line = fs
      .readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .find((l) => l.endsWith(`/${ADDON}`));
    return line ? path.dirname(line.slice(line.indexOf('/'))) : null;
  } catch {
    return null;
  }
}

/** Elsewhere: the local build made for this backend (node-llama-cpp picks one per platform and GPU type). */
function localBuildDirFor(nlcDir: string, backend: EngineBuild['backend']): string | null {
  // A packaged app keeps native code in app.asar.unpacked.
  const roots = [nlcDir, nlcDir.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`)];
  for (const root of new Set(roots)) {
    const builds = path.join(root, 'llama', 'localBuilds');
    if (!fs.existsSync(builds)) continue;
    for (const folder of fs.readdirSync(builds)) {
      const release = path.join(builds, folder, 'Release');
      if (readManifest(release)?.gpu === backend) return release;
    }
  }
  return null;
}

/** `where` is for tests: another package folder, and the mapped addon folder (null: not found). */
export function describeEngineBuild(
  llama: Pick<Llama, 'buildType' | 'llamaCppRelease'>,
  backend: EngineBuild['backend'],
  where: { nlcDir?: string; addonDir?: string | null } = {},
): EngineBuild {
  const nlcDir = where.nlcDir ?? nodeLlamaCppDir();
  const base = {
    nodeLlamaCpp: readVersion(nlcDir),
    llamaCpp: llama.llamaCppRelease.release,
    backend,
  };
  if (llama.buildType === 'prebuilt') return { ...base, variant: 'stock', patches: [], portable: null };
  const addonDir =
    (where.addonDir === undefined ? mappedAddonDir() : where.addonDir) ?? localBuildDirFor(nlcDir, backend);
  const manifest = addonDir ? readManifest(addonDir) : null;
  if (!manifest) return { ...base, variant: 'local', patches: [], portable: null };
  return { ...base, variant: 'patched', patches: manifest.patches, portable: manifest.portable };
}
