/** Chromium driven by Playwright (outside its test runner): the real renderer against a real headless host. */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../e2e/fixtures/chromiumLaunch';
import type { HostClient } from './hostClient';

export interface LongTask {
  start: number;
  duration: number;
}

// The same browser and flags as the e2e suite.
export { CHROMIUM_ARGS, chromiumPath } from '../../e2e/fixtures/chromiumLaunch';

export function launchChromium(executablePath: string | undefined): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Records every long task (> 50 ms main-thread work) from the first script on. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

const pageNow = (page: Page) => page.evaluate(() => performance.now());

export interface StreamingLongTasks {
  streaming: LongTask[];
  idle: LongTask[];
  streamSeconds: number;
  idleSeconds: number;
  tokens: number;
  events: number;
}

/**
 * Streams one test prompt in the Models screen (a model must already be loaded), then stays idle for as
 * long on the same page: the idle window is the baseline for long tasks.
 */
export async function browserLongTasks(options: {
  executablePath: string | undefined;
  hostUrl: string;
  client: HostClient;
  maxTokens: number;
}): Promise<StreamingLongTasks> {
  const browser = await launchChromium(options.executablePath);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await observeLongTasks(page);
    await page.goto(options.hostUrl);
    await page.getByTestId('nav-models').click();
    await page.getByTestId('prompt-send').waitFor();
    await page.waitForTimeout(1000); // let first render and the models list settle
    let events = 0;
    let tokens = 0;
    const off = options.client.onEvent((name, payload) => {
      if (name !== 'inference.token') return;
      events++;
      tokens += (payload as { tokens: number }).tokens;
    });
    await page.getByTestId('prompt-maxTokens').fill(String(options.maxTokens));
    await page.getByTestId('prompt-input').fill('Tell a long story about a lighthouse keeper.');
    const streamStart = await pageNow(page);
    await page.getByTestId('prompt-send').click();
    await page.getByTestId('prompt-metrics').waitFor({ timeout: 600_000 });
    const streamEnd = await pageNow(page);
    off();
    await page.waitForTimeout(streamEnd - streamStart);
    const idleEnd = await pageNow(page);
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks);
    const within = (from: number, to: number) => tasks.filter((t) => t.start >= from && t.start < to);
    return {
      streaming: within(streamStart, streamEnd),
      idle: within(streamEnd, idleEnd),
      streamSeconds: (streamEnd - streamStart) / 1000,
      idleSeconds: (idleEnd - streamEnd) / 1000,
      tokens,
      events,
    };
  } finally {
    await browser.close();
  }
}
