import { expect, test } from '../fixtures/test';
import { SCREENS, type ScreenName } from '../pages/AppShell';

const TITLES: Record<ScreenName, string | RegExp> = {
  // The chat screen's heading is the open conversation's title.
  chat: /chat/i,
  agents: 'Agents',
  memory: 'Memory',
  models: 'Models',
  catalog: 'Catalog',
  dashboard: 'Dashboard',
  settings: 'Settings',
};

test('every screen opens from the sidebar, survives a reload, and is screenshotted in both themes', async ({
  app,
  page,
}) => {
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
  await expect(card.getByTestId('system-cpu')).not.toBeEmpty();
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
});
