import { hostRequest } from '../fixtures/hostRequest';
import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { SCREENS, type ScreenName } from '../pages/AppShell';

const TITLES: Record<ScreenName, string | RegExp> = {
  // The chat screen's heading is the open conversation's title.
  chat: /chat/i,
  agents: 'Agents',
  jobs: 'Jobs',
  memory: 'Memory',
  knowledge: 'Knowledge',
  models: 'Models',
  catalog: 'Catalog',
  dashboard: 'Dashboard',
  settings: 'Settings',
};

test('every screen opens from the sidebar, survives a reload, and is screenshotted in both themes', async ({
  app,
  page,
}) => {
  test.setTimeout(180_000); // every screen twice, each screenshotted: slow on a busy 2-core box
  await app.open();
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const name of SCREENS) {
      const screen = await app.goTo(name);
      await expect(screen.getByRole('heading', { level: 1 })).toHaveText(TITLES[name]);
      await expect(app.navItem(name)).toHaveAttribute('aria-current', 'page');
      expect(await app.theme()).toBe(theme);
      await app.screenshot(`${name}-${theme}`);
    }
  }
  await page.reload();
  await expect(app.screen('settings')).toBeVisible();
});

test('the dashboard shows this machine from system.snapshot', async ({ app, page }) => {
  await app.open();
  const screen = await app.goTo('dashboard');
  const card = screen.getByTestId('system-snapshot');
  // The first snapshot loads systeminformation and runs its probes: slow on a busy 2-core box.
  await expect(card.getByTestId('system-cpu')).not.toBeEmpty({ timeout: 30_000 });
  await expect(card.getByTestId('system-ram')).toContainText('GiB');
  await expect(card.getByTestId('backend-cpu')).toHaveAttribute('data-available', 'true');
  for (const backend of ['metal', 'cuda', 'vulkan']) {
    await expect(card.getByTestId(`backend-${backend}`)).toHaveAttribute('data-available', /true|false/);
  }
  await expect(page.getByTestId('connection-status')).toHaveCount(0);
});

test('about shows the headless shell and its data dir', async ({ app, host }) => {
  await app.open();
  const screen = await app.goTo('settings');
  await expect(screen.getByTestId('about-shell')).toContainText('headless');
  await expect(screen.getByTestId('about-datadir')).toHaveText(host.dataDir);
  await expect(screen.getByTestId('about-version')).toContainText(/\d+\.\d+\.\d+/);
  // No model touched yet: the engine is not guessed, and the headless host says it does not update itself.
  await expect(screen.getByTestId('engine-build')).toHaveAttribute('data-variant', 'unknown');
  await screen.getByTestId('settings-check-updates').click();
  await expect(screen.getByTestId('update-status')).toHaveAttribute('data-state', 'unavailable');
  await expect(screen.getByTestId('update-status')).toContainText('Not available in this build');
});

test.describe('with a tiny model', () => {
  test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

  test('about and the dashboard name the engine the worker loaded', async ({ app, host }) => {
    test.setTimeout(120_000);
    await app.open();
    const [model] = (await hostRequest(host, 'models.list', {})) as Array<{ id: string }>;
    await hostRequest(host, 'models.estimate', { id: model!.id }); // starts the inference worker
    const settings = await app.goTo('settings');
    const engine = settings.getByTestId('engine-build');
    await expect(engine).toHaveAttribute('data-variant', /^(stock|patched|local)$/);
    await expect(engine).toContainText('· CPU');
    await expect(engine).toContainText(/node-llama-cpp \d+\.\d+\.\d+ · llama\.cpp \S+/);
    const dashboard = await app.goTo('dashboard');
    await expect(dashboard.getByTestId('system-snapshot').getByTestId('engine-build')).toContainText('· CPU');
  });
});
