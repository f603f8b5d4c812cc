import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { ChatPage } from '../pages/ChatPage';
import { DashboardPage } from '../pages/DashboardPage';
import { ModelsPage } from '../pages/ModelsPage';
import { SettingsPage } from '../pages/SettingsPage';

test.describe('with a tiny model installed', () => {
  test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

  test('the prompt cache card shows the saved states of a chat, and clears them after asking', async ({
    app,
    page,
  }) => {
    test.setTimeout(180_000);
    await app.open();
    const chat = await new ChatPage(app).open();
    // A system prompt long enough to be worth saving: its prefix and the turn's end are kept on disk.
    await chat.createTinyAgent({
      id: 'cache-talker',
      name: 'Cache talker',
      systemPrompt: `You are a test agent. ${'Keep every answer short and plain. '.repeat(12)}`,
    });
    await chat.send('Hello there.');
    await chat.waitForIdle();

    const dashboard = new DashboardPage(app);
    const files = dashboard.promptCache.getByTestId('prompt-cache-files');
    // The card reads the figures when the screen opens; the saves finish just after the reply.
    await expect(async () => {
      await app.goTo('chat');
      await dashboard.open();
      await expect(files).toHaveText(/^[1-9]\d* saved states/, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });

    await dashboard.promptCache.getByTestId('prompt-cache-clear').click();
    const dialog = page.getByRole('dialog', { name: 'Clear the prompt cache?' });
    await expect(dialog).toContainText('The budget stays');
    await dialog.getByRole('button', { name: 'Clear cache' }).click();
    await expect(files).toHaveText(/^0 saved states/);
    await expect(dashboard.promptCache.getByTestId('prompt-cache-disk')).toHaveText(/^0 B of /);
    await expect(dashboard.promptCache.getByTestId('prompt-cache-clear')).toBeDisabled();
  });

  test('live resources, a loaded model’s memory row, agent health, and an alert that unloads the model', async ({
    app,
    page,
  }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open();
    const dashboard = new DashboardPage(app);

    // The status bar is on every screen, before the dashboard is ever opened.
    await expect(dashboard.statusBar.getByTestId('status-ram')).toContainText(/RAM\s*\d+%/);
    await expect(dashboard.statusBar.getByTestId('status-model')).toHaveText('No model loaded');
    await expect(dashboard.statusBar.getByTestId('status-vram')).toHaveAttribute('title', /not reported/);

    await dashboard.open();
    await expect(dashboard.tile('ram').getByTestId('stat-ram-value')).toHaveText(/^\d+%$/);
    await expect(dashboard.tile('vram')).toContainText('not reported by this backend');
    await expect(page.getByTestId('chart-vram-not-reported')).toBeVisible();
    await expect(dashboard.processRow('main')).toHaveAttribute('data-state', 'running');
    await expect(dashboard.processRow('main').getByTestId('process-memory')).toHaveText(/\d+(\.\d+)? MiB/);
    // The headless interface is a browser tab: it reports its JS heap, not a process RSS.
    await expect(dashboard.processRow('renderer').getByTestId('process-memory')).toContainText('JS heap');
    await expect(page.getByTestId('model-memory-empty')).toBeVisible();

    // While the dashboard is open the core samples every second: the chart keeps growing.
    await expect.poll(() => dashboard.chartPoints('ramUsedPercent'), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const before = await dashboard.chartPoints('ramUsedPercent');
    await expect.poll(() => dashboard.chartPoints('ramUsedPercent'), { timeout: 10_000 }).toBeGreaterThan(before);

    const models = await new ModelsPage(app).open();
    await models.saveOptions('tiny-q8', { threads: '1', contextSize: '512' });
    await models.load('tiny-q8');
    await models.runPrompt('Say hello.', 16);
    await expect(page.getByTestId('prompt-output')).toHaveAttribute('data-status', 'done');
    await expect(dashboard.statusBar.getByTestId('status-model')).toHaveText('tiny-q8');

    await dashboard.open();
    const row = dashboard.modelRow('tiny-q8');
    await expect(row).toBeVisible();
    await expect(row.getByTestId('model-memory-ram')).toHaveText(/\d+(\.\d+)? (KiB|MiB)/);
    await expect(row).toContainText('512 tokens');
    await expect(dashboard.processRow('worker')).toHaveAttribute('data-state', 'running');
    await expect(dashboard.processRow('worker').getByTestId('process-memory')).toHaveText(/\d+(\.\d+)? MiB/);
    await expect(dashboard.healthRow('agent', 'preview').getByTestId('health-success')).toHaveText('100%');
    await expect(dashboard.healthRow('model', 'tiny-q8')).toContainText('1');
    await app.screenshot('dashboard-light', { wholeScreen: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('dashboard-dark', { wholeScreen: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // A RAM threshold this machine is already above: the banner offers to unload the idle model.
    await new SettingsPage(app).open();
    // 1%: any running machine is above it (a 24 GiB CI box can sit under 10%).
    await page.getByTestId('setting-alertRamPercent').fill('1');
    await page.getByTestId('setting-alertRamPercent').press('Enter');
    await expect(page.getByTestId('settings-saved')).toBeVisible();
    // Off the dashboard the sampler runs every 10 s, so the alert shows with the next sample.
    await expect(dashboard.statusBar.getByTestId('status-alerts')).toContainText('Memory is running low', {
      timeout: 30_000,
    });
    await dashboard.open();
    const alert = dashboard.alert('ram-high');
    await expect(alert).toContainText('tiny-q8');
    await app.screenshot('dashboard-alert-light', { wholeScreen: true });
    await alert.getByTestId('alert-ram-high-action').click();
    await expect(page.getByTestId('model-memory-empty')).toBeVisible();
    await expect(alert).not.toContainText('Unloading');
    await expect(alert.getByTestId('alert-ram-high-action')).toHaveCount(0);
    await expect(dashboard.statusBar.getByTestId('status-model')).toHaveText('No model loaded');
  });
});

test.describe('when the inference worker dies', () => {
  test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

  test('its row says "restarting" with no numbers, then a new worker runs', async ({ app, page }) => {
    test.setTimeout(120_000);
    // Straight onto the dashboard: it must render before the first sample has arrived.
    await page.goto(`${app.host.url}#/dashboard`);
    await expect(app.screen('dashboard')).toBeVisible();
    await expect(page.getByTestId('stat-ram-value')).toHaveText(/^\d+%$/);
    const models = await new ModelsPage(app).open();
    await models.saveOptions('tiny-q8', { threads: '1', contextSize: '512' });
    await models.load('tiny-q8');
    const dashboard = await new DashboardPage(app).open();
    const worker = dashboard.processRow('worker');
    await expect(worker).toHaveAttribute('data-state', 'running');
    const pid = await dashboard.pidOf('worker');
    expect(pid).not.toBeNull();

    process.kill(pid ?? 0, 'SIGKILL');
    await expect(worker).toHaveAttribute('data-state', 'restarting');
    await expect(worker.getByTestId('process-memory')).toHaveText('—');
    await expect(worker).toContainText('a new one is starting');
    await app.screenshot('dashboard-worker-restarting-light');
    // The model went down with the worker: its row leaves instead of showing stale numbers.
    await expect(page.getByTestId('model-memory-empty')).toBeVisible();

    await expect(worker).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
    await expect.poll(() => dashboard.pidOf('worker')).not.toBe(pid);
  });
});
