import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_MANIFEST, checkPackagedEngine, localBuildsDir, packagedResourcesDirs } from './packagedEngine';

const PATCH = 'node-llama-cpp+3.22.1+threadpool.patch';

function packagedApp(
  builds: Record<string, { gpu: string; portable?: boolean; patches?: string[]; addon?: boolean }>,
): string {
  const resources = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-pkg-')), 'linux-unpacked', 'resources');
  fs.mkdirSync(resources, { recursive: true });
  fs.writeFileSync(path.join(resources, 'app.asar'), '');
  for (const [folder, build] of Object.entries(builds)) {
    const release = path.join(localBuildsDir(resources), folder, 'Release');
    fs.mkdirSync(release, { recursive: true });
    fs.writeFileSync(path.join(release, '..', 'buildDone.status'), '');
    if (build.addon !== false) fs.writeFileSync(path.join(release, 'llama-addon.node'), '');
    const manifest = {
      engine: 'outpost-patched',
      nodeLlamaCpp: '3.22.1',
      patches: build.patches ?? [PATCH],
      gpu: build.gpu,
      portable: build.portable ?? true,
    };
    fs.writeFileSync(path.join(release, ENGINE_MANIFEST), JSON.stringify(manifest));
  }
  return resources;
}

describe('checkPackagedEngine', () => {
  it('passes when every shipped backend is a patched, unpacked local build', () => {
    const app = packagedApp({
      'linux-x64': { gpu: 'cpu' },
      'linux-x64-cuda': { gpu: 'cuda' },
      'linux-x64-vulkan': { gpu: 'vulkan' },
    });
    expect(checkPackagedEngine(app, ['cpu', 'cuda', 'vulkan'], [PATCH])).toEqual([]);
    expect(packagedResourcesDirs(path.dirname(path.dirname(app)))).toEqual([app]);
  });

  it('fails when the app would load the stock prebuilt', () => {
    const bare = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-pkg-')), 'resources');
    expect(checkPackagedEngine(bare, ['cpu'], [PATCH])[0]).toMatch(/stock prebuilt/);
    const noCuda = packagedApp({ 'linux-x64': { gpu: 'cpu' } });
    expect(checkPackagedEngine(noCuda, ['cpu', 'cuda'], [PATCH])).toEqual([
      expect.stringMatching(/no patched cuda engine/),
    ]);
  });

  it('fails on a build without the patch, without the addon, or not portable', () => {
    const app = packagedApp({ 'linux-x64': { gpu: 'cpu', portable: false, patches: ['other.patch'], addon: false } });
    const problems = checkPackagedEngine(app, ['cpu'], [PATCH]).join('\n');
    expect(problems).toMatch(/no llama-addon\.node/);
    expect(problems).toMatch(/built without node-llama-cpp\+3\.22\.1\+threadpool\.patch/);
    expect(problems).toMatch(/--portable/);
  });
});
