import fs from 'node:fs';
import path from 'node:path';
import { makeTestCrossEncoder } from '../../scripts/lib/onnx/makeTestCrossEncoder';
import { expect, test } from '../fixtures/test';
import { TINY, makeOutsideDir, placeTestModel, writeFakeGguf } from '../fixtures/testModels';
import { ChatPage } from '../pages/ChatPage';
import { ModelsPage } from '../pages/ModelsPage';
import { SettingsPage } from '../pages/SettingsPage';

test.describe('with a tiny model in the models folder', () => {
  test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

  test('lists it, loads it with saved options, streams a test prompt, and unloads it', async ({ app, page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open();
    const models = await new ModelsPage(app).open();

    const row = models.row('tiny-q8');
    await expect(row).toBeVisible();
    await expect(row.getByTestId('model-facts')).toContainText('llama');
    await expect(row.getByTestId('model-facts')).toContainText('Q8_0');
    await expect(row.getByTestId('model-facts')).toContainText(/114K params/);
    await expect(row.getByTestId('model-estimate')).toHaveAttribute('data-state', 'fits', { timeout: 60_000 });
    await expect(models.workerStatus).toHaveAttribute('data-state', 'ready');

    // The draft estimate follows the form before anything is saved. One thread and a small context:
    // on a 2-core box llama.cpp with 2 threads crawls.
    const form = await models.openOptions('tiny-q8');
    await form.getByTestId('opt-threads').fill('0');
    await expect(form.getByTestId('opt-save')).toBeDisabled();
    await form.getByTestId('opt-threads').fill('1');
    await form.getByTestId('opt-contextSize').fill('512');
    await expect(form.getByTestId('opt-estimate')).toContainText('512 ctx');
    await app.screenshot('models-options-light', { wholeScreen: true });
    await form.getByTestId('opt-save').click();
    await expect(form.getByTestId('opt-saved')).toContainText('Saved');
    await expect(row.getByTestId('model-estimate')).toContainText('512 ctx');
    await row.getByTestId('model-options-toggle').click();

    const progress = await models.recordProgress();
    await models.load('tiny-q8');
    const seen = await progress();
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBe(100);
    const loaded = models.loadedRow('tiny-q8');
    await expect(loaded).toContainText('512');
    await expect(loaded).toContainText('0 / 2 busy');
    await expect(row.getByTestId('model-unload')).toBeEnabled();

    await models.runPrompt('Say hello.', 16);
    const output = page.getByTestId('prompt-output');
    await expect(output).toHaveAttribute('data-status', 'done');
    await expect(output).not.toBeEmpty();
    const metrics = page.getByTestId('prompt-metrics');
    await expect(metrics).toContainText('tok/s');
    await expect(metrics).toContainText(/Tokens out\s*\d+/);
    await expect(metrics).toHaveAttribute('data-finish', /length|stop/);
    await app.screenshot('models-loaded-light', { wholeScreen: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('models-loaded-dark', { wholeScreen: true });

    await models.unload('tiny-q8');
    await expect(row.getByTestId('model-load')).toBeEnabled();
  });

  test('removes a model after confirming, and says the file was deleted', async ({ app, host, page }) => {
    await app.open();
    const models = await new ModelsPage(app).open();
    const file = path.join(host.dataDir, 'models', 'tiny-q8.gguf');
    expect(fs.existsSync(file)).toBe(true);

    await models.row('tiny-q8').getByTestId('model-remove').click();
    await expect(models.confirmDialog).toBeVisible();
    await expect(models.confirmDialog).toContainText('deleted from disk');
    await models.confirmDialog.getByTestId('confirm-cancel').click();
    await expect(models.confirmDialog).toBeHidden();
    expect(fs.existsSync(file)).toBe(true);

    await models.row('tiny-q8').getByTestId('model-remove').click();
    await models.confirmDialog.getByTestId('confirm-accept').click();
    await expect(models.rows).toHaveCount(0);
    await expect(page.getByTestId('models-removed')).toContainText(/freed \d+ KiB/);
    expect(fs.existsSync(file)).toBe(false);
    await expect(page.getByTestId('models-empty')).toContainText(path.join(host.dataDir, 'models'));
  });
});

test('adds a model by path as a link, and names a file that is not a GGUF', async ({ app, page }) => {
  const outside = makeOutsideDir();
  const linked = await placeTestModel(outside, 'linked-tiny.gguf', { seed: 2 });
  const fake = writeFakeGguf(outside, 'meeting-notes.gguf');
  await app.open();
  const models = await new ModelsPage(app).open();
  await expect(page.getByTestId('models-empty')).toBeVisible();

  await models.addModel(linked, 'link');
  const row = models.row('linked-tiny');
  await expect(row).toBeVisible();
  await expect(row).toContainText('Linked');
  await expect(row.getByTestId('model-facts')).toContainText('llama');

  await models.addModel(fake, 'copy');
  await expect(models.addError).toBeVisible();
  await expect(models.addError).toHaveAttribute('data-code', 'invalid_model');
  await expect(models.addError).toContainText('meeting-notes.gguf');
  await expect(models.addError).toContainText(/not a GGUF/i);
  await expect(models.rows).toHaveCount(1);
  await app.screenshot('models-error-light', { wholeScreen: true });

  // Unlinking leaves the file where it is.
  await row.getByTestId('model-remove').click();
  await expect(models.confirmDialog).toContainText('stays where it is');
  await models.confirmDialog.getByTestId('confirm-accept').click();
  await expect(models.rows).toHaveCount(0);
  expect(fs.existsSync(linked)).toBe(true);
});

test('a file dropped into the models folder appears after Rescan', async ({ app, host }) => {
  await app.open();
  const models = await new ModelsPage(app).open();
  await expect(models.rows).toHaveCount(0);
  await placeTestModel(path.join(host.dataDir, 'models'), 'dropped.gguf');
  await app.page.getByTestId('models-rescan').click();
  await expect(models.row('dropped')).toBeVisible();
  await expect(models.row('dropped')).toContainText('Models folder');
});

test.describe('speculative decoding per model', () => {
  test.use({
    seedModels: {
      'tiny-a.gguf': TINY,
      'tiny-b.gguf': { ...TINY, seed: 2 },
      'tiny-wide.gguf': { ...TINY, seed: 5, vocabPadTo: 2048 },
    },
  });

  test('offers drafts with the same tokenizer, shows another one disabled, and keeps the choice', async ({
    app,
    page,
  }) => {
    test.setTimeout(120_000);
    await app.open();
    const models = await new ModelsPage(app).open();
    const form = await models.openOptions('tiny-a');
    const draft = form.getByTestId('opt-draftModel');
    // The host compares both GGUF tokenizers before offering a draft.
    await expect(draft.locator('option[value="tiny-b"]')).toBeEnabled({ timeout: 30_000 });
    await expect(draft.locator('option[value="tiny-wide"]')).toBeDisabled();
    await expect(draft.locator('option[value="tiny-wide"]')).toContainText('other tokenizer');
    await expect(form.getByTestId('opt-inputLookup')).toBeChecked(); // prompt lookup is on by default

    await draft.selectOption('tiny-b');
    await form.getByTestId('opt-inputLookup').uncheck();
    await form.getByTestId('opt-save').click();
    await expect(form.getByTestId('opt-saved')).toContainText('Saved');

    await page.reload();
    const again = await (await new ModelsPage(app).open()).openOptions('tiny-a');
    await expect(again.getByTestId('opt-draftModel')).toHaveValue('tiny-b');
    await expect(again.getByTestId('opt-inputLookup')).not.toBeChecked();
  });
});

test('memory settings save, show the budget in GiB, and survive a reload', async ({ app, host, page }) => {
  // Two installed rerankers (generated cross-encoders in <dataDir>/rerankers/, where catalog entries install).
  for (const name of ['reranker-a', 'reranker-b'])
    makeTestCrossEncoder({ dir: path.join(host.dataDir, 'rerankers', name), weights: { gold: 1 } });
  await app.open();
  const settings = await new SettingsPage(app).open();
  const budget = page.getByTestId('setting-memoryBudgetPercent');
  await expect(budget).toHaveValue('70');

  await budget.fill('5');
  await expect(page.locator('#setting-memoryBudgetPercent-error')).toContainText('from 10 to 95');
  await budget.fill('55');
  await budget.press('Enter');
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(page.getByTestId('memory-budget-bytes')).toContainText(/55% = \d+\.\d GiB of \d+\.\d GiB RAM/);

  await page.getByTestId('setting-maxLoadedModels').selectOption('3');
  await page.getByTestId('setting-idleUnloadMinutes').fill('0');
  await page.getByTestId('setting-idleUnloadMinutes').blur();
  await page.getByTestId('setting-keepActiveModelWarm').uncheck();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  const reranker = page.getByTestId('setting-knowledgeReranker');
  await expect(reranker).toHaveValue('reranker-a');
  await reranker.selectOption('reranker-b');
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(page.getByTestId('setting-inferenceBackend').locator('option[value="cpu"]')).toBeEnabled();
  await app.screenshot('settings-models-light', { wholeScreen: true });
  // "Saved" was already showing from the earlier changes: wait until core holds the last one before reloading.
  const chat = new ChatPage(app);
  await expect.poll(async () => (await chat.request('settings.get', {})).knowledgeReranker).toBe('reranker-b');

  await page.reload();
  await settings.open();
  await expect(budget).toHaveValue('55');
  await expect(page.getByTestId('setting-maxLoadedModels')).toHaveValue('3');
  await expect(page.getByTestId('setting-idleUnloadMinutes')).toHaveValue('0');
  await expect(page.getByTestId('setting-keepActiveModelWarm')).not.toBeChecked();
  await expect(page.getByTestId('setting-knowledgeReranker')).toHaveValue('reranker-b');
});

test.describe('when things go wrong', () => {
  test.use({ seedModels: { 'tiny-q8.gguf': TINY, 'gone.gguf': { ...TINY, seed: 3 } } });

  test('a model that does not fit cannot be loaded, and a missing file is named', async ({ app, host, page }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open();
    const settings = await new SettingsPage(app).open();
    await page.getByTestId('setting-memoryBudgetPercent').fill('10');
    await page.getByTestId('setting-memoryBudgetPercent').press('Enter');
    await expect(page.getByTestId('settings-saved')).toBeVisible();
    await expect(settings.theme).toBeVisible();

    const models = await new ModelsPage(app).open();
    const row = models.row('tiny-q8');
    // A million-token context with 16 sequences needs ~15 GB; 10% of this machine's RAM is far less.
    const form = await models.openOptions('tiny-q8');
    await form.getByTestId('opt-contextSize').fill('1048576');
    await form.getByTestId('opt-parallelSequences').fill('16');
    // The first estimate starts the worker and llama.cpp: slow on a busy 2-core machine.
    await expect(form.getByTestId('opt-estimate')).toHaveAttribute('data-state', 'no-fit', { timeout: 90_000 });
    await expect(form.getByTestId('opt-estimate')).toContainText(/smaller context|memory budget/);
    await form.getByTestId('opt-save').click();
    await expect(row.getByTestId('model-estimate')).toHaveAttribute('data-state', 'no-fit', { timeout: 90_000 });
    await expect(row.getByTestId('model-load')).toBeDisabled();
    await expect(row.getByTestId('model-load-blocked')).toContainText("Doesn't fit the memory budget");

    fs.rmSync(path.join(host.dataDir, 'models', 'gone.gguf'));
    const gone = models.row('gone');
    await gone.getByTestId('model-load').click();
    await expect(gone.getByTestId('model-error')).toHaveAttribute('data-code', 'not_found');
    await expect(gone.getByTestId('model-error')).toContainText('gone.gguf');
    await expect(gone.getByTestId('model-problem')).toContainText('File missing');
    await expect(gone.getByTestId('model-load')).toBeDisabled();
    await app.screenshot('models-errors-light', { wholeScreen: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('models-errors-dark', { wholeScreen: true });
  });
});
