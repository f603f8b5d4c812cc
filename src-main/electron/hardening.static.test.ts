/**
 * Reads the Electron shell's source as text: cheap insurance that a later edit does not quietly
 * loosen a webPreference, expose ipcRenderer, or make a pure policy module depend on Electron.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SECURE_WEB_PREFERENCES } from './securityPolicy';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (file: string) => readFileSync(path.join(here, file), 'utf8');
const preloadSource = readFileSync(path.join(here, '../../src-preload/index.ts'), 'utf8');
const shellSources = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => ({ file, source: read(file) }));

const SECURE_KEYS = [
  'contextIsolation',
  'sandbox',
  'nodeIntegration',
  'nodeIntegrationInWorker',
  'nodeIntegrationInSubFrames',
  'webSecurity',
  'allowRunningInsecureContent',
  'experimentalFeatures',
  'webviewTag',
];

describe('windows.ts', () => {
  const source = read('windows.ts');
  const webPreferencesBlock = /\n {4}webPreferences: \{([\s\S]*?)\n {4}\},/.exec(source)?.[1] ?? '';

  it('spells out every flag of SECURE_WEB_PREFERENCES with the same value', () => {
    for (const [key, value] of Object.entries(SECURE_WEB_PREFERENCES)) {
      const literal = typeof value === 'string' ? `'${value}'` : String(value);
      expect(webPreferencesBlock, key).toMatch(new RegExp(`\\n\\s*${key}: ${literal},`));
    }
    expect(webPreferencesBlock).toContain('preload: options.preloadPath');
  });

  it('sets each secure flag exactly once', () => {
    for (const key of SECURE_KEYS) expect(source.match(new RegExp(`\\b${key}\\s*:`, 'g')), key).toHaveLength(1);
  });

  it('waits for ready-to-show and guards popups, navigation, redirects and webviews', () => {
    expect(source).toContain('show: false');
    expect(source).toContain("'ready-to-show'");
    expect(source).toMatch(/setWindowOpenHandler[\s\S]*action: 'deny'/);
    for (const event of ["'will-navigate'", "'will-redirect'", "'will-attach-webview'"])
      expect(source).toContain(event);
    expect(source).toMatch(/setPermissionRequestHandler[\s\S]*callback\(false\)/);
    expect(source).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
  });
});

describe('securityPolicy.ts', () => {
  const source = read('securityPolicy.ts');
  it('spells out the essential flags', () => {
    expect(source).toMatch(/contextIsolation: true,/);
    expect(source).toMatch(/sandbox: true,/);
    expect(source).toMatch(/nodeIntegration: false,/);
  });
});

describe('the whole Electron shell', () => {
  it('never enables a dangerous option', () => {
    const dangerous =
      /nodeIntegration\w*:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|allowRunningInsecureContent:\s*true|experimentalFeatures:\s*true|webviewTag:\s*true|enableBlinkFeatures|allowpopups/;
    for (const { file, source } of [...shellSources, { file: 'preload', source: preloadSource }]) {
      expect(source, file).not.toMatch(dangerous);
    }
  });

  it('keeps the pure policy modules free of Electron so they stay testable', () => {
    for (const file of ['securityPolicy.ts', 'rendererPaths.ts']) {
      expect(read(file), file).not.toMatch(/from 'electron'|require\('electron'\)/);
    }
  });

  it('registers exactly one IPC request handler and no synchronous IPC', () => {
    const all = shellSources.map(({ source }) => source).join('\n');
    expect(all.match(/ipcMain\.handle\(/g)).toHaveLength(1);
    expect(all).not.toMatch(/ipcMain\.on\(|sendSync|ipcMain\.handleOnce/);
  });
});

describe('preload', () => {
  it('exposes one object and never hands out ipcRenderer', () => {
    expect(preloadSource.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preloadSource).toMatch(/exposeInMainWorld\('outpost', api\)/);
    expect(preloadSource).toMatch(/satisfies OutpostPreloadApi/);
    const apiBlock = /const api = \{([\s\S]*?)\} satisfies OutpostPreloadApi/.exec(preloadSource)?.[1] ?? '';
    expect(apiBlock).toContain('request');
    // Inside the exposed object, ipcRenderer may only be called, never passed along.
    expect(apiBlock.replace(/ipcRenderer\.invoke\(/g, '')).not.toContain('ipcRenderer');
    expect(apiBlock).not.toMatch(/_event\b|IpcRendererEvent|\bsender\b/);
  });
});
