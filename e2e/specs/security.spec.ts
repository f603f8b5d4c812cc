import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { makeDataDir, startHeadlessHost } from '../fixtures/headlessHost';
import { hostRequest } from '../fixtures/hostRequest';
import { expect, test } from '../fixtures/test';
import { AppShell } from '../pages/AppShell';

test('without the token the UI loads but the contract refuses it, and says why', async ({ page, host }) => {
  await page.goto(host.origin + '/');
  const status = page.getByTestId('connection-status');
  await expect(status).toBeVisible();
  await expect(status).toHaveAttribute('data-state', 'closed');
  await expect(status).toContainText(/token/i);
});

test('a page on another origin cannot open the contract socket even with the token', async ({ page, host }) => {
  const token = new URL(host.url).searchParams.get('token');
  // A real second origin on this machine, as a malicious local web page would be.
  const evil = http.createServer((_req, res) => res.end('<!doctype html><title>evil</title>'));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
  const opened = await page.evaluate(
    ({ port, token }) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, [`outpost.token.${token}`]);
        ws.onopen = () => resolve(true);
        ws.onerror = () => resolve(false);
      }),
    { port: new URL(host.url).port, token },
  );
  evil.close();
  expect(opened).toBe(false);
  expect(host.logs()).toContain('origin not allowed');
});

test('the token leaves the address bar once the app has it', async ({ app, page }) => {
  await app.open();
  expect(new URL(page.url()).searchParams.get('token')).toBeNull();
  await page.reload();
  await expect(app.navItem('chat')).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveCount(0);
});

test('a corrupt database is kept aside and the UI names both files', async ({ page }) => {
  const dataDir = makeDataDir();
  fs.writeFileSync(path.join(dataDir, 'outpost.db'), 'garbage, not SQLite '.repeat(100));
  const host = await startHeadlessHost(dataDir);
  try {
    // The fresh database has no models; past the first-run guide the app shell shows the notice.
    await hostRequest(host, 'settings.set', { onboardingDone: true });
    const app = new AppShell(page, host);
    await app.open();
    const notice = page.getByTestId('notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(path.join(dataDir, 'outpost.db'));
    const keptAside = fs.readdirSync(dataDir).find((f) => f.startsWith('outpost.db.corrupt-'));
    expect(keptAside).toBeTruthy();
    await expect(notice).toContainText(keptAside!);
    await app.screenshot('recovery-notice');
  } finally {
    await host.stop();
  }
});
