/**
 * The packaged-shell flow in real Electron: navigation, a persisted setting, and the renderer's
 * security boundary. Needs `npm run build` first; skipped where no Electron binary or display exists.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import {
  BUILT_MAIN_ENTRY,
  REPO_ROOT,
  displayAvailable,
  electronBinaryAvailable,
  electronExecutablePath,
} from './electronBinary';

test.skip(!electronBinaryAvailable(), 'no Electron binary');
test.skip(!displayAvailable(), 'no DISPLAY on Linux (run under xvfb-run)');
test.describe.configure({ mode: 'serial' });

const SCREENS = ['chat', 'agents', 'memory', 'models', 'catalog', 'dashboard', 'settings'] as const;

type ProbeWindow = { outpost?: Record<string, unknown>; require?: unknown; process?: unknown };

let electronApp: ElectronApplication;
let page: Page;
let dataDir: string;

async function launch(): Promise<void> {
  const executablePath = electronExecutablePath();
  if (!executablePath) throw new Error('Electron binary vanished after the skip check');
  const env = { ...process.env } as Record<string, string>;
  // The built renderer must be served from app://, never a dev server left in the environment.
  delete env.ELECTRON_RENDERER_URL;
  electronApp = await _electron.launch({
    executablePath,
    // The repo root as app path: package.json gives the name, version and "main" (out/main/main.js).
    args: [REPO_ROOT, `--user-data-dir=${dataDir}`],
    env,
  });
  page = await electronApp.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  // A fresh data dir opens the first-run guide; these tests are about the shell behind it.
  // The prerendered sidebar shows before React runs: wait for core's decision, not for the first paint.
  const decided = page.locator('html[data-first-screen="app"], html[data-first-screen="onboarding"]');
  await decided.waitFor({ state: 'attached', timeout: 60_000 });
  if ((await page.locator('html').getAttribute('data-first-screen')) === 'onboarding')
    await page.getByTestId('onboarding-skip').click();
}

test.beforeAll(async () => {
  if (!existsSync(BUILT_MAIN_ENTRY)) throw new Error(`${BUILT_MAIN_ENTRY} is missing: run \`npm run build\` first`);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'outpost-electron-e2e-'));
  await launch();
});

test.afterAll(async () => {
  await electronApp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('loads the renderer from the app:// scheme with a strict CSP', async () => {
  expect(page.url()).toMatch(/^app:\/\/outpost\//);
  const csp = await page.evaluate(async () => (await fetch('/')).headers.get('content-security-policy'));
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  const escape = await page.evaluate(async () => (await fetch('/..%2f..%2fpackage.json')).status);
  expect(escape).toBe(403);
});

test('exposes only window.outpost.{request,on} and no Node globals', async () => {
  const probe = await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    return {
      keys: Object.keys(w.outpost ?? {}).sort(),
      require: typeof w.require,
      process: typeof w.process,
    };
  });
  expect(probe).toEqual({ keys: ['on', 'request'], require: 'undefined', process: 'undefined' });
});

test('answers contract requests over IPC', async () => {
  const result = await page.evaluate(async () => {
    const outpost = (window as unknown as ProbeWindow).outpost as { request(r: string, i: unknown): Promise<unknown> };
    return outpost.request('app.info', {});
  });
  expect(result).toMatchObject({ ok: true, value: { shell: 'electron', name: expect.any(String) } });
  const unknown = await page.evaluate(async () => {
    const outpost = (window as unknown as ProbeWindow).outpost as { request(r: string, i: unknown): Promise<unknown> };
    return outpost.request('no.such-route', {});
  });
  expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_route' } });
});

test('about names the Electron shell and the --user-data-dir it was given', async () => {
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('about-shell')).toContainText('electron');
  await expect(page.getByTestId('about-datadir')).toHaveText(dataDir);
});

test('navigates every screen from the sidebar', async () => {
  for (const screen of SCREENS) {
    await page.getByTestId(`nav-${screen}`).click();
    await expect(page.getByTestId(`screen-${screen}`)).toBeVisible();
  }
});

test('persists the theme across a reload', async () => {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('setting-theme').selectOption('dark');
  await expect(page.getByTestId('setting-theme')).toHaveValue('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('setting-theme')).toHaveValue('dark');
});

test('persists the theme across an app restart', async () => {
  await electronApp.close();
  await launch();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('setting-theme')).toHaveValue('dark');
});
