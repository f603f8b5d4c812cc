import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_MANIFEST } from './engineManifest';
import { describeEngineBuild } from './engineBuild';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A node-llama-cpp package folder with one local build (and its manifest when given). */
function packageWith(folder: string, manifest?: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-nlc-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'node-llama-cpp', version: '3.22.1' }));
  const release = path.join(dir, 'llama', 'localBuilds', folder, 'Release');
  fs.mkdirSync(release, { recursive: true });
  fs.writeFileSync(path.join(release, 'llama-addon.node'), '');
  if (manifest) fs.writeFileSync(path.join(release, ENGINE_MANIFEST), JSON.stringify(manifest));
  return dir;
}

const release = { repo: 'ggml-org/llama.cpp', release: 'b6000' };
const manifest = (gpu: string) => ({
  engine: 'outpost-patched',
  nodeLlamaCpp: '3.22.1',
  patches: ['node-llama-cpp+3.22.1+threadpool.patch'],
  gpu,
  portable: true,
});

describe('describeEngineBuild', () => {
  it('names the stock prebuilt', () => {
    const nlcDir = packageWith('linux-x64', manifest('cpu'));
    expect(describeEngineBuild({ buildType: 'prebuilt', llamaCppRelease: release }, 'cpu', { nlcDir })).toEqual({
      nodeLlamaCpp: '3.22.1',
      llamaCpp: 'b6000',
      backend: 'cpu',
      variant: 'stock',
      patches: [],
      portable: null,
    });
  });

  it("names Outpost's patched build from the manifest beside the loaded addon", () => {
    const nlcDir = packageWith('linux-x64', manifest('cpu'));
    const addonDir = path.join(nlcDir, 'llama', 'localBuilds', 'linux-x64', 'Release');
    expect(
      describeEngineBuild({ buildType: 'localBuild', llamaCppRelease: release }, 'cpu', { nlcDir, addonDir }),
    ).toMatchObject({
      variant: 'patched',
      patches: ['node-llama-cpp+3.22.1+threadpool.patch'],
      portable: true,
    });
  });

  it('finds the local build for the backend when the loaded addon cannot be located', () => {
    const nlcDir = packageWith('linux-x64-vulkan', manifest('vulkan'));
    const local = { buildType: 'localBuild' as const, llamaCppRelease: release };
    expect(describeEngineBuild(local, 'vulkan', { nlcDir, addonDir: null })).toMatchObject({ variant: 'patched' });
    expect(describeEngineBuild(local, 'cpu', { nlcDir, addonDir: null })).toMatchObject({ variant: 'local' });
  });

  it('calls a local build without a valid manifest "local", not patched', () => {
    const nlcDir = packageWith('linux-x64', { engine: 'something-else' });
    const addonDir = path.join(nlcDir, 'llama', 'localBuilds', 'linux-x64', 'Release');
    expect(
      describeEngineBuild({ buildType: 'localBuild', llamaCppRelease: release }, 'cpu', { nlcDir, addonDir }),
    ).toMatchObject({ variant: 'local', patches: [], portable: null });
  });
});
