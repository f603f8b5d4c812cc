/**
 * Starts the *packaged* app (OUTPOST_PACKAGED_APP = its executable) and attaches over the DevTools
 * protocol. Playwright's _electron.launch needs --inspect, which the shipped fuses turn off on purpose.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';

export const PACKAGED_APP = process.env.OUTPOST_PACKAGED_APP ?? '';

export interface PackagedApp {
  process: ChildProcess;
  browser: Browser;
  page: Page;
  /** Quits through the browser (Electron's normal quit path) and resolves with the exit code. */
  quit(): Promise<number | null>;
}

export async function launchPackaged(userDataDir: string, timeoutMs = 60_000): Promise<PackagedApp> {
  const child = spawn(PACKAGED_APP, ['--remote-debugging-port=0', `--user-data-dir=${userDataDir}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the app exited with ${code} before opening a window:\n${output}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = context.pages()[0] ?? (await context.waitForEvent('page'));
  await page.waitForLoadState('domcontentloaded');
  return {
    process: child,
    browser,
    page,
    async quit() {
      const session = await browser.newBrowserCDPSession();
      await session.send('Browser.close').catch(() => undefined);
      return exited;
    },
  };
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
