/**
 * The installer's app, as users get it (run by .github/workflows/release.yml after packaging; xvfb-run on
 * Linux): the window opens, IPC answers a settings round trip, a generated model loads and streams a reply,
 * and quitting leaves no worker process behind. Skipped where no packaged app is given.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { seedModels, TINY } from '../../fixtures/testModels';
import { displayAvailable } from './electronBinary';
import { PACKAGED_APP, launchPackaged, processAlive, type PackagedApp } from './packagedLaunch';

test.skip(!PACKAGED_APP, 'no packaged app (set OUTPOST_PACKAGED_APP; the release workflow does)');
test.skip(!displayAvailable(), 'no DISPLAY on Linux (run under xvfb-run)');
test.describe.configure({ mode: 'serial' });

type Outpost = { request(route: string, input: unknown): Promise<unknown> };
let app: PackagedApp;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'outpost-packaged-'));
  await seedModels(dataDir, { 'tiny.gguf': TINY });
  app = await launchPackaged(dataDir);
});

test.afterAll(async () => {
  if (app?.process.exitCode === null) app.process.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

const request = (route: string, input: unknown) =>
  app.page.evaluate(([r, i]) => (window as unknown as { outpost: Outpost }).outpost.request(r as string, i), [
    route,
    input,
  ] as const);

test('the window opens on the app:// renderer', async () => {
  expect(app.page.url()).toMatch(/^app:\/\/outpost\//);
  await expect(app.page.getByTestId('nav-chat')).toBeVisible({ timeout: 30_000 });
});

test('IPC: a settings round trip', async () => {
  await request('settings.set', { theme: 'dark', onboardingDone: true });
  const settings = (await request('settings.get', {})) as { theme: string };
  expect(settings.theme).toBe('dark');
});

test('a generated model loads and streams a reply', async () => {
  test.setTimeout(180_000);
  const models = (await request('models.list', {})) as { id: string }[];
  expect(models.length).toBe(1);
  const model = models[0]!.id;
  await request('models.load', { id: model });
  await request('agents.create', {
    definition: {
      id: 'packaged-check',
      name: 'Check',
      avatar: { symbol: 'PC', colour: '#059669' },
      systemPrompt: 'Be brief.',
      model: { preferred: model },
      sampling: { maxTokens: 16 },
    },
  });
  const conversation = (await request('conversations.create', { agentId: 'packaged-check' })) as { id: string };
  await app.page.evaluate((id) => (window.location.hash = `#/chat/${id}`), conversation.id);
  await app.page.getByTestId('chat-input').fill('Hello');
  await app.page.getByTestId('chat-input').press('Enter');
  const reply = app.page.getByTestId('message-assistant').first();
  await expect(reply.getByTestId('message-content')).toHaveText(/\S/, { timeout: 120_000 });
});

test('quit is clean: exit code 0 and no orphan workers', async () => {
  const status = (await request('inference.status', {})) as { pid: number | null };
  const quitCode = await app.quit();
  expect(quitCode).toBe(0);
  if (status.pid !== null) await expect.poll(() => processAlive(status.pid!), { timeout: 10_000 }).toBe(false);
});
