/** electron-builder.yml, checked with electron-builder's own validator and file matchers against node_modules. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ROOT,
  isUnpacked,
  packageFiles,
  readBuilderConfig,
  shipsNodeModuleFile,
  validateBuilderConfig,
  type Target,
} from './builderConfig';
import { readPngInfo } from './png';

const config = readBuilderConfig();
const LINUX_X64: Target = { os: 'linux', platform: 'linux', arch: 'x64' };
const LINUX_ARM64: Target = { os: 'linux', platform: 'linux', arch: 'arm64' };
const WIN_X64: Target = { os: 'win', platform: 'win32', arch: 'x64' };
const MAC_ARM64: Target = { os: 'mac', platform: 'darwin', arch: 'arm64' };
const PATCHED_ENGINE_DIR = 'node_modules/node-llama-cpp/llama/localBuilds';
const NATIVE = /\.(node|so(\.\d+)*|dll|dylib|metal|exe)$/;

const llamaFiles = packageFiles('@node-llama-cpp').length > 0 ? allLlamaFiles() : [];
const onnxFiles = packageFiles('onnxruntime-node').filter((file) => file.includes('/bin/'));

function allLlamaFiles(): string[] {
  const dir = path.join(ROOT, 'node_modules/@node-llama-cpp');
  return fs.readdirSync(dir).flatMap((name) => packageFiles(`@node-llama-cpp/${name}`));
}

function shipped(files: string[], target: Target): string[] {
  const ships = shipsNodeModuleFile(config, target);
  return files.filter(ships);
}

const packagesOf = (files: string[]) => [...new Set(files.map((file) => file.split('/')[2]))].sort();

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
  });

  it('is really validated: a misspelled option is rejected', async () => {
    await expect(validateBuilderConfig({ ...config, mac: { ...config.mac, hardenedRuntim: true } })).rejects.toThrow(
      /Invalid configuration object[\s\S]*mac/,
    );
  });

  it('builds DMG+zip for both Mac archs, MSI for Windows x64, AppImage for Linux x64', () => {
    const targets = (os: 'mac' | 'win' | 'linux') =>
      (config[os].target as { target: string; arch: string[] }[]).map((t) => `${t.target}:${t.arch.join('+')}`);
    expect(targets('mac')).toEqual(expect.arrayContaining(['dmg:x64+arm64', 'zip:x64+arm64']));
    expect(targets('win')).toEqual(expect.arrayContaining(['msi:x64']));
    expect(targets('linux')).toEqual(expect.arrayContaining(['AppImage:x64']));
  });

  it('signs Mac builds with the hardened runtime, entitlements that exist, and notarization from env vars', () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const file = path.join(ROOT, config.mac[key] as string);
      expect(fs.readFileSync(file, 'utf8'), key).toContain('com.apple.security.cs.allow-jit');
      // A camera, microphone or sandbox escape grant would be a surprise in an offline LLM app.
      expect(fs.readFileSync(file, 'utf8'), key).not.toMatch(
        /<key>com\.apple\.security\.(device|personal-information|app-sandbox)/,
      );
    }
  });

  it('ships a 1024×1024 RGBA icon that electron-builder can turn into .icns and .ico', () => {
    const info = readPngInfo(fs.readFileSync(path.join(ROOT, 'resources/icon.png')));
    expect(info).toEqual({ width: 1024, height: 1024, bitDepth: 8, colourType: 6 });
  });
});

describe('native binaries per platform', () => {
  it.skipIf(llamaFiles.length === 0)(
    'ships only the llama.cpp builds of the target OS/arch (GPU variants kept)',
    () => {
      const linux = packagesOf(shipped(llamaFiles, LINUX_X64));
      expect(linux).toContain('linux-x64');
      expect(linux.every((name) => name === 'linux-x64' || name?.startsWith('linux-x64-'))).toBe(true);
      const installed = packagesOf(llamaFiles);
      if (installed.includes('linux-x64-vulkan')) expect(linux).toContain('linux-x64-vulkan');
      if (installed.includes('linux-arm64'))
        expect(packagesOf(shipped(llamaFiles, LINUX_ARM64))).toEqual(['linux-arm64']);
      expect(shipped(llamaFiles, WIN_X64)).toEqual([]);
      expect(shipped(llamaFiles, MAC_ARM64)).toEqual([]);
    },
  );

  it.skipIf(onnxFiles.length === 0)('ships only the target ONNX Runtime, with DirectML on Windows', () => {
    const dirOf = (file: string) => file.split('/').slice(4, 6).join('/');
    expect([...new Set(shipped(onnxFiles, LINUX_X64).map(dirOf))]).toEqual(['linux/x64']);
    expect([...new Set(shipped(onnxFiles, MAC_ARM64).map(dirOf))]).toEqual(['darwin/arm64']);
    const windows = shipped(onnxFiles, WIN_X64);
    expect([...new Set(windows.map(dirOf))]).toEqual(['win32/x64']);
    expect(windows.map((file) => path.basename(file))).toEqual(
      expect.arrayContaining(['DirectML.dll', 'onnxruntime.dll', 'onnxruntime_binding.node']),
    );
  });

  it('keeps the rebuilt SQLite addon and drops its sources', () => {
    const files = packageFiles('better-sqlite3');
    const kept = shipped(files, LINUX_X64);
    expect(kept).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(kept.some((file) => file.startsWith('node_modules/better-sqlite3/deps/'))).toBe(false);
  });

  it('unpacks every shipped native binary from app.asar', () => {
    const unpacked = isUnpacked(config, LINUX_X64);
    const native = [
      ...shipped([...llamaFiles, ...onnxFiles], LINUX_X64),
      ...shipped(packageFiles('better-sqlite3'), LINUX_X64),
    ].filter((file) => NATIVE.test(file));
    expect(native.length).toBeGreaterThan(2);
    expect(native.filter((file) => !unpacked(file))).toEqual([]);
    const windowsUnpacked = isUnpacked(config, WIN_X64);
    expect(shipped(onnxFiles, WIN_X64).filter((file) => !windowsUnpacked(file))).toEqual([]);
  });

  it('has no asarUnpack pattern that matches nothing here', () => {
    const candidates = [...llamaFiles, ...onnxFiles, ...packageFiles('better-sqlite3')];
    // The patched engine exists only after `npm run build-engine` (the release workflow runs it).
    const engineBuilt = fs.existsSync(path.join(ROOT, PATCHED_ENGINE_DIR));
    expect(config.asarUnpack).toContain(`${PATCHED_ENGINE_DIR}/**`);
    for (const pattern of config.asarUnpack.filter((p) => engineBuilt || !p.startsWith(PATCHED_ENGINE_DIR))) {
      const only = isUnpacked({ ...config, asarUnpack: [pattern] }, LINUX_X64);
      expect(candidates.some(only), pattern).toBe(true);
    }
  });

  it('does not unpack ordinary JavaScript', () => {
    const unpacked = isUnpacked(config, LINUX_X64);
    expect(unpacked('node_modules/zod/package.json')).toBe(false);
    expect(unpacked('out/main/main.js')).toBe(false);
  });
});
