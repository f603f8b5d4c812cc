import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect } from '../fixtures/test';
import { HUGE_MODEL_ID, TINY_MODEL_ID, startTestCatalog, type TestCatalog } from '../fixtures/testCatalog';
import { CatalogPage } from '../pages/CatalogPage';
import { ModelsPage } from '../pages/ModelsPage';

/** Every test gets its own model server and catalog.json, and a host started with `--catalog`. */
const test = base.extend<{ testCatalog: TestCatalog }>({
  testCatalog: async ({}, use) => {
    const catalog = await startTestCatalog();
    await use(catalog);
    await catalog.close();
  },
  catalog: async ({ testCatalog }, use) => use(testCatalog.catalogFile),
});

test('shows what fits, downloads through a cut connection, verifies, installs and loads', async ({
  app,
  page,
  testCatalog,
}) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  const catalog = await new CatalogPage(app).open();

  // (a) The machine, the picks per purpose, and fit badges per variant.
  await expect(page.getByTestId('machine-strip')).toContainText(/RAM\s*\d+\.\d GiB/);
  await expect(page.getByTestId('machine-strip')).toContainText(/No GPU: CPU only|VRAM/);
  await expect(catalog.recommended('chat')).toHaveAttribute('data-model-id', TINY_MODEL_ID);
  await expect(catalog.recommended('routing')).toContainText('Q8_0');
  await expect(catalog.recommended('reasoning')).toContainText('Nothing in the catalog fits');
  await expect(page.getByTestId('catalog-skipped')).toContainText('broken-entry');

  const tiny = catalog.card(TINY_MODEL_ID);
  await expect(tiny.getByTestId('variant-select')).toHaveValue('tiny-q8');
  await expect(tiny.getByTestId('variant-recommended')).toBeVisible();
  await expect(catalog.fit(TINY_MODEL_ID)).toHaveAttribute('data-verdict', /gpu|partial|cpu/);
  await expect(catalog.fit(TINY_MODEL_ID)).toContainText('formula');
  await catalog.selectVariant(TINY_MODEL_ID, 'tiny-q4');
  await expect(tiny.getByTestId('variant-unverified')).toBeVisible();
  await catalog.selectVariant(TINY_MODEL_ID, 'tiny-q5');
  await expect(tiny.getByTestId('variant-approximate')).toBeVisible();

  const huge = catalog.card(HUGE_MODEL_ID);
  await expect(catalog.fit(HUGE_MODEL_ID)).toHaveAttribute('data-verdict', 'no');
  await expect(catalog.fit(HUGE_MODEL_ID)).toContainText("Won't fit");
  await expect(huge.getByTestId('download-start')).toBeDisabled();
  await expect(huge.getByTestId('download-blocked')).toContainText('more than it can spare');
  await page.getByTestId('catalog-filter-fit').selectOption('fits');
  await expect(huge).toHaveCount(0);
  await page.getByTestId('catalog-filter-purpose').selectOption('coding');
  await expect(page.getByTestId('catalog-none-match')).toBeVisible();
  await page.getByTestId('catalog-filter-purpose').selectOption('all');
  await page.getByTestId('catalog-filter-fit').selectOption('all');
  await catalog.selectVariant(TINY_MODEL_ID, 'tiny-q8');
  await app.screenshot('catalog-cards-light', { wholeScreen: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('catalog-cards-dark', { wholeScreen: true });
  await page.emulateMedia({ colorScheme: 'light' });

  // (b) The bar advances, the server cuts the connection once, the manager resumes by itself.
  const file = testCatalog.variant('tiny-q8');
  const progress = await catalog.recordProgress(file.fileName);
  const row = await catalog.startDownload(TINY_MODEL_ID, 'tiny-q8', file.fileName);
  await expect(page.getByTestId('downloads-indicator')).toBeVisible();
  await expect.poll(() => catalog.percent(row), { timeout: 15_000 }).toBeGreaterThan(10);
  await app.screenshot('catalog-downloading-light', { wholeScreen: true });
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(row.getByTestId('download-verified')).toHaveText('SHA-256 verified');
  const seen = await progress();
  expect(seen.some((percent) => percent > 0 && percent < 100)).toBe(true);
  expect(seen.filter((percent, i) => i > 0 && percent > (seen[i - 1] ?? 0)).length).toBeGreaterThan(2);
  const requests = testCatalog.server.requestsFor(file.urlPath);
  expect(requests.length).toBeGreaterThanOrEqual(2);
  expect(requests.at(-1)).toMatchObject({ status: 206, range: expect.stringMatching(/^bytes=[1-9]\d*-$/) });
  await expect(page.getByTestId('downloads-indicator')).toHaveCount(0);
  await expect(tiny.getByTestId('variant-installed')).toBeVisible();

  // (c) Installed: load it from the Models screen.
  await row.getByTestId('download-open-models').click();
  const models = new ModelsPage(app);
  await expect(app.screen('models')).toBeVisible();
  await expect(models.row('tiny-q8')).toContainText('Downloaded');
  await models.saveOptions('tiny-q8', { threads: '1', contextSize: '512' });
  await models.load('tiny-q8');
  await expect(models.loadedRow('tiny-q8')).toContainText('512');
});

test('pauses and resumes a slow download, and cancels another after confirming', async ({
  app,
  page,
  host,
  testCatalog,
}) => {
  test.setTimeout(120_000);
  await app.open();
  const catalog = await new CatalogPage(app).open();
  const slow = testCatalog.variant('tiny-q4');
  const slower = testCatalog.variant('tiny-q5');

  const row = await catalog.startDownload(TINY_MODEL_ID, 'tiny-q4', slow.fileName);
  await expect.poll(() => catalog.percent(row)).toBeGreaterThan(5);
  await row.getByTestId('download-pause').click();
  await expect(row).toHaveAttribute('data-state', 'paused');
  const paused = await catalog.percent(row);
  expect(paused).toBeLessThan(100);
  await page.waitForTimeout(800);
  expect(await catalog.percent(row)).toBe(paused);
  await expect(catalog.card(TINY_MODEL_ID).getByTestId('download-in-panel')).toHaveAttribute('data-state', 'paused');

  const other = await catalog.startDownload(TINY_MODEL_ID, 'tiny-q5', slower.fileName);
  await expect(other).toHaveAttribute('data-state', 'downloading');
  await expect(other.getByTestId('download-status')).toContainText('/s');
  await page.emulateMedia({ colorScheme: 'light' });
  await app.screenshot('catalog-downloads-light', { wholeScreen: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('catalog-downloads-dark', { wholeScreen: true });
  await other.getByTestId('download-cancel').click();
  await expect(catalog.confirmDialog).toContainText(slower.fileName);
  await catalog.confirmDialog.getByTestId('confirm-accept').click();
  await expect(other).toHaveCount(0);
  await expect(catalog.card(TINY_MODEL_ID).getByTestId('download-start')).toBeEnabled();

  await row.getByTestId('download-resume').click();
  await expect(row).toHaveAttribute('data-state', /downloading|verifying|done/);
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(row.getByTestId('download-verified')).toHaveText(
    'Checked by size and GGUF header (no published checksum)',
  );
  // The resume continued from the bytes kept, it did not start over.
  expect(testCatalog.server.requestsFor(slow.urlPath).at(-1)?.range).toMatch(/^bytes=[1-9]\d*-$/);
  expect(fs.existsSync(path.join(host.dataDir, 'models', slow.fileName))).toBe(true);
  expect(fs.existsSync(path.join(host.dataDir, 'models', slower.fileName))).toBe(false);
});

test('a wrong checksum fails and installs nothing; Hugging Face search offline is calm', async ({
  app,
  page,
  host,
  testCatalog,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  const catalog = await new CatalogPage(app).open();
  const bad = testCatalog.variant('tiny-q2');

  const row = await catalog.startDownload(TINY_MODEL_ID, 'tiny-q2', bad.fileName);
  await expect(row).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  const error = row.getByTestId('download-error');
  await expect(error).toHaveAttribute('data-code', 'checksum_mismatch');
  await expect(error).toContainText(`${bad.fileName} is corrupt`);
  await expect(row.getByTestId('download-resume')).toHaveText('Retry');
  await expect(catalog.card(TINY_MODEL_ID).getByTestId('variant-installed')).toHaveCount(0);
  expect(fs.existsSync(path.join(host.dataDir, 'models', bad.fileName))).toBe(false);

  await catalog.search('qwen coder');
  const searchError = page.getByTestId('catalog-search-error');
  await expect(searchError).toHaveAttribute('data-code', 'unavailable');
  await expect(searchError).toContainText("You're offline — the curated catalog works without a connection");

  await page.getByTestId('hf-token-input').fill('hf_testtoken123');
  await page.getByTestId('hf-token-save').click();
  await expect(page.getByTestId('hf-token-status')).toHaveText('A token is saved on this computer.');
  await expect(page.getByTestId('hf-token-input')).toHaveValue('');

  await page.getByTestId('pack-path').fill(path.join(host.dataDir, 'no-such-pack'));
  await page.getByTestId('pack-import').click();
  await expect(page.getByTestId('pack-error')).toContainText('no-such-pack');

  await app.screenshot('catalog-failed-light', { wholeScreen: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('catalog-failed-dark', { wholeScreen: true });

  const models = await new ModelsPage(app).open();
  await expect(models.rows).toHaveCount(0);
});

base('the shipped catalog shows every entry with a fit and a pick for each purpose', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  const catalog = await new CatalogPage(app).open();
  const cards = page.getByTestId('catalog-card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId('variant-fit')).toHaveCount(await cards.count());
  for (const purpose of ['routing', 'chat', 'coding', 'reasoning', 'embedding', 'reranking']) {
    await expect(catalog.recommended(purpose)).toHaveAttribute('data-model-id', /.+/);
  }
  // Rerankers are a kind of their own: the purpose filter shows only them.
  await page.getByTestId('catalog-filter-purpose').selectOption('reranking');
  await expect(cards).toHaveCount(1);
  await expect(catalog.card('ms-marco-minilm-l6-v2')).toBeVisible();
  await expect(catalog.fit('ms-marco-minilm-l6-v2')).toContainText(/reranker: small, runs on the CPU/i);
  await page.getByTestId('catalog-filter-purpose').selectOption('all');
  await expect(page.getByTestId('catalog-skipped')).toHaveCount(0);
  await page.getByTestId('catalog-filter-size').selectOption('1');
  await expect(cards).not.toHaveCount(0);
  await page.getByTestId('catalog-filter-size').selectOption('any');
  await app.screenshot('catalog-shipped-light', { wholeScreen: true });
});
