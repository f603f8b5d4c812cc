import { startHeadlessHost } from '../fixtures/headlessHost';
import { expect, test } from '../fixtures/test';
import { AppShell } from '../pages/AppShell';
import { SettingsPage } from '../pages/SettingsPage';

test('a changed setting applies at once, survives a reload and a host restart', async ({ app, page, host }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  const settings = await new SettingsPage(app).open();

  await settings.setTheme('dark');
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await settings.setFontSize('large');

  await page.reload();
  await expect(settings.theme).toHaveValue('dark');
  await expect(settings.fontSize).toHaveValue('large');
  expect(await app.theme()).toBe('dark');

  await host.stop();
  const restarted = await startHeadlessHost(host.dataDir);
  try {
    const again = new AppShell(page, restarted);
    await again.open();
    const reopened = await new SettingsPage(again).open();
    await expect(reopened.theme).toHaveValue('dark');
    await expect(reopened.fontSize).toHaveValue('large');
  } finally {
    await restarted.stop();
  }
});

test('a change in one window shows up live in another', async ({ app, browser, host }) => {
  await app.open();
  const other = await browser.newPage();
  const otherApp = new AppShell(other, host);
  await otherApp.open();
  const otherSettings = await new SettingsPage(otherApp).open();

  await (await new SettingsPage(app).open()).setTheme('dark');
  await expect(otherSettings.theme).toHaveValue('dark');
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'dark');
  await other.close();
});
