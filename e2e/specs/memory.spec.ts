import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestOnnx } from '../../scripts/lib/onnx/makeTestOnnx';
import { makeDataDir, startHeadlessHost } from '../fixtures/headlessHost';
import { hostRequest } from '../fixtures/hostRequest';
import { test as base, expect } from '../fixtures/test';
import { MemoryPage } from '../pages/MemoryPage';

/** The host starts with a generated sentence-embedding ONNX model installed where catalog downloads land. */
const test = base.extend({
  host: async ({}, use) => {
    const dataDir = makeDataDir();
    makeTestOnnx({
      dir: path.join(dataDir, 'embeddings', 'test-minilm'),
      synonyms: [
        ['dog', 'puppy', 'hound'],
        ['coffee', 'espresso', 'latte'],
      ],
    });
    const host = await startHeadlessHost(dataDir);
    await hostRequest(host, 'settings.set', { onboardingDone: true }); // this data dir has no models: skip the guide
    await use(host);
    await host.stop();
  },
});

const AGENT = 'general-assistant';

test('memory inspector: add, recall by meaning, edit, pin, search, export, import, delete, forget', async ({
  app,
  page,
}) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  const memory = await new MemoryPage(app).open();
  await memory.chooseScope(AGENT);
  await expect(memory.root.getByTestId('memory-empty')).toBeVisible();

  await memory.add("The user's dog is called Rex.");
  await memory.add('The user drinks espresso every morning.', { pinned: true });
  await expect(memory.fact(/espresso/).getByText('Pinned')).toBeVisible();
  // The generated model was picked up; both facts get vectors in the background.
  await expect(memory.root.getByTestId('memory-model')).toHaveValue(/test-minilm/);
  await expect(memory.root.getByTestId('memory-embedded')).toHaveText('2 / 2', { timeout: 60_000 });
  await expect(memory.root.getByTestId('memory-mode')).toHaveText('Keyword + meaning');
  await expect(memory.root.getByTestId('memory-provider-active')).toHaveText('CPU');

  // "puppy" shares no word with the fact: only the embedding can find it.
  const recalled = await memory.recall('puppy');
  await expect(recalled).toHaveAttribute('data-mode', 'hybrid');
  await expect(recalled.getByTestId('memory-recall-hit').first()).toContainText('Rex');
  await expect(recalled.getByTestId('memory-recall-hit').first()).toContainText('no keyword match');
  await app.screenshot('memory-light', { wholeScreen: true });

  await memory.edit("The user's dog is called Rex.", "The user's hound is called Rex.");
  await memory
    .fact(/espresso/)
    .getByTestId('memory-pin')
    .click();
  await expect(memory.fact(/espresso/).getByText('Pinned')).toHaveCount(0);

  await memory.search('espresso');
  await expect(memory.facts()).toHaveCount(1);
  await memory.search('');
  await expect(memory.facts()).toHaveCount(2);

  const exported = await memory.exportJson();
  expect(exported.data.facts.map((f) => f.text).sort()).toEqual([
    'The user drinks espresso every morning.',
    "The user's hound is called Rex.",
  ]);

  await memory.fact(/hound/).getByTestId('memory-delete').click();
  await expect(memory.facts()).toHaveCount(1);
  await memory.importFile(exported.path);
  await expect(memory.root.getByTestId('memory-notice')).toContainText('Imported 1 facts (1 merged');
  await expect(memory.facts()).toHaveCount(2);

  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-bad-')), 'notes.json');
  fs.writeFileSync(bad, '{"hello": "world"}');
  await memory.importFile(bad);
  await expect(memory.root.getByTestId('memory-error')).toContainText('not an Outpost memory export');
  await expect(memory.facts()).toHaveCount(2);

  await memory.forgetEverything();
  await expect(memory.root.getByTestId('memory-empty')).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('memory-dark');
});
