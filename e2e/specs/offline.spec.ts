/**
 * Offline mode through the real UI: the switch in Settings → Privacy blocks even user-started network use
 * with a clear message, and the host's network guard logs every refusal. scripts/offline/run.ts also runs
 * the suite in a network namespace with only loopback and checks that nothing tried to leave it.
 */
import { test as base, expect } from '../fixtures/test';
import { TINY_MODEL_ID, startTestCatalog, type TestCatalog } from '../fixtures/testCatalog';
import { CatalogPage } from '../pages/CatalogPage';
import { PrivacySettings } from '../pages/PrivacySettings';

const test = base.extend<{ testCatalog: TestCatalog }>({
  testCatalog: async ({}, use) => {
    const catalog = await startTestCatalog();
    await use(catalog);
    await catalog.close();
  },
  catalog: async ({ testCatalog }, use) => use(testCatalog.catalogFile),
});

/** The guard's decisions, from the host's JSON log lines. */
function guardLog(logs: string): { message: string; purpose: string | null; reason: string; url: string }[] {
  return logs
    .split('\n')
    .filter((line) => line.includes('"network: '))
    .map(
      (line) =>
        JSON.parse(line) as { msg?: string; message?: string; purpose: string | null; reason: string; url: string },
    )
    .map((entry) => ({ ...entry, message: entry.msg ?? entry.message ?? '' }));
}

test('offline mode blocks downloads and search with a clear message; nothing is sent', async ({
  app,
  page,
  host,
  testCatalog,
}) => {
  await app.open();
  await new PrivacySettings(app).setOfflineMode(true);
  await app.screenshot('settings-privacy-offline');

  const catalog = await new CatalogPage(app).open();
  const row = await catalog.startDownload(TINY_MODEL_ID, 'tiny-q8', testCatalog.variant('tiny-q8').fileName);
  const downloadError = row.getByTestId('download-error');
  await expect(downloadError).toHaveAttribute('data-code', 'offline');
  await expect(downloadError).toContainText('offline mode is on');

  await catalog.search('qwen');
  const searchError = page.getByTestId('catalog-search-error');
  await expect(searchError).toHaveAttribute('data-code', 'offline');
  await expect(searchError).toContainText('Offline mode is on');
  await app.screenshot('catalog-offline-mode', { wholeScreen: true });

  // The model server saw nothing, and the guard logged both refusals and allowed nothing.
  expect(testCatalog.server.requests).toEqual([]);
  const decisions = guardLog(host.logs());
  expect(decisions.filter((d) => d.message === 'network: allowed')).toEqual([]);
  expect(decisions.map((d) => `${d.purpose}:${d.reason}`)).toEqual(
    expect.arrayContaining(['download:offline-mode', 'hf-search:offline-mode']),
  );
});

test('switching offline mode off lets the same download finish', async ({ app, host, testCatalog }) => {
  await app.open();
  const privacy = new PrivacySettings(app);
  await privacy.setOfflineMode(true);
  const catalog = await new CatalogPage(app).open();
  const variant = testCatalog.variant('tiny-q8');
  const row = await catalog.startDownload(TINY_MODEL_ID, 'tiny-q8', variant.fileName);
  await expect(row.getByTestId('download-error')).toHaveAttribute('data-code', 'offline');

  await privacy.setOfflineMode(false);
  await catalog.open();
  await catalog.downloadRow(variant.fileName).getByTestId('download-resume').click();
  await expect(catalog.downloadRow(variant.fileName)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(testCatalog.server.requestsFor(variant.urlPath).length).toBeGreaterThan(0);
  // Only loopback was reached: the download's own host is the local model server.
  const allowed = guardLog(host.logs()).filter((d) => d.message === 'network: allowed');
  expect(allowed.length).toBeGreaterThan(0);
  expect(allowed.every((d) => d.url.startsWith('http://127.0.0.1:'))).toBe(true);
});
