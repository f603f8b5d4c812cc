/**
 * electron-builder.yml read through electron-builder's own code: its schema validator and its file
 * matchers (the ones `files` and `asarUnpack` go through when packaging), so the checks judge the config
 * exactly as a packaging run would, minus the Electron download this machine cannot make.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

type Filter = (file: string, stat: fs.Stats & { moduleFullFilePath?: string }) => boolean;
interface FileMatcherLike {
  patterns: string[];
  createFilter(): Filter;
}
type FileMatcherCtor = new (
  from: string,
  to: string,
  expand: (pattern: string) => string,
  patterns?: string[],
) => FileMatcherLike;
const fileMatcher = require('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: FileMatcherCtor;
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    expand: (pattern: string) => string,
    platformOptions: Record<string, unknown>,
    packager: { config: BuilderConfig; debugLogger: { isEnabled: boolean } },
  ): FileMatcherLike;
  getFileMatchers(
    config: BuilderConfig,
    name: string,
    destination: string,
    options: Record<string, unknown>,
  ): FileMatcherLike[] | null;
};
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};

export type BuilderConfig = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  mac: Record<string, unknown>;
  win: Record<string, unknown>;
  linux: Record<string, unknown>;
};

export function readBuilderConfig(): BuilderConfig {
  return parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** Throws electron-builder's own "Invalid configuration object" error when the config breaks its schema. */
export function validateBuilderConfig(config: unknown): Promise<void> {
  return validateConfiguration(config, { isEnabled: false, add: () => undefined });
}

/** A packaging target: electron-builder's `${os}` key, Node's platform name (`${platform}`) and an arch. */
export interface Target {
  os: 'mac' | 'win' | 'linux';
  platform: 'darwin' | 'win32' | 'linux';
  arch: 'x64' | 'arm64';
}

/** `${platform}` expands to the build host's platform; the release workflow builds each OS on that OS. */
function expander(target: Target): (pattern: string) => string {
  return (pattern) =>
    pattern
      .replaceAll('${os}', target.os)
      .replaceAll('${platform}', target.platform)
      .replaceAll('${arch}', target.arch);
}

function statFor(file: string, relativeToApp: string): fs.Stats & { moduleFullFilePath?: string } {
  const stat = fs.lstatSync(file) as fs.Stats & { moduleFullFilePath?: string };
  stat.moduleFullFilePath = relativeToApp;
  return stat;
}

/** Every file of a package in node_modules, as paths relative to the app (`node_modules/<pkg>/...`). */
export function packageFiles(packageName: string): string[] {
  const dir = path.join(ROOT, 'node_modules', packageName);
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: false }) as string[])
    .map((relative) => path.join(dir, relative))
    .filter((file) => fs.lstatSync(file).isFile())
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

/** Whether a node_modules file ships for `target`: the `files` exclusions, as electron-builder applies them. */
export function shipsNodeModuleFile(config: BuilderConfig, target: Target): (relative: string) => boolean {
  const expand = expander(target);
  const platformOptions = config[target.os] as Record<string, unknown>;
  const main = fileMatcher.getNodeModuleFileMatcher(ROOT, '/app', expand, platformOptions, {
    config,
    debugLogger: { isEnabled: false },
  });
  const filters = new Map<string, Filter>();
  return (relative) => {
    const [, scopeOrName, maybeName] = relative.split('/');
    const name = scopeOrName?.startsWith('@') ? `${scopeOrName}/${maybeName}` : (scopeOrName ?? '');
    const source = path.join(ROOT, 'node_modules', name);
    let filter = filters.get(name);
    if (!filter) {
      filter = new fileMatcher.FileMatcher(source, `/app/node_modules/${name}`, expand, main.patterns).createFilter();
      filters.set(name, filter);
    }
    return filter(path.join(ROOT, relative), statFor(path.join(ROOT, relative), relative));
  };
}

/** Whether a shipped file is unpacked from app.asar (asarUnpack), as electron-builder decides it. */
export function isUnpacked(config: BuilderConfig, target: Target): (relative: string) => boolean {
  const matchers = fileMatcher.getFileMatchers(config, 'asarUnpack', '/app', {
    macroExpander: expander(target),
    customBuildOptions: config[target.os] as Record<string, unknown>,
    globalOutDir: path.join(ROOT, 'release'),
    defaultSrc: ROOT,
  });
  const filter = matchers?.[0]?.createFilter();
  return (relative) => filter?.(path.join(ROOT, relative), statFor(path.join(ROOT, relative), relative)) ?? false;
}
