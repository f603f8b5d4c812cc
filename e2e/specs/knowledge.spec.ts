import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDocx } from '../../src-main/core/knowledge/testing/makeDocuments';
import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { AgentsPage } from '../pages/AgentsPage';
import { ChatPage } from '../pages/ChatPage';
import { KnowledgePage } from '../pages/KnowledgePage';

test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

/** A folder of generated documents: a DOCX with headings, Markdown, HTML, a broken PDF and a skipped folder. */
async function makeFolder(): Promise<string> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-e2e-kb-'));
  const docx = await makeDocx([
    { heading: 'Flux capacitor', paragraphs: ['The flux capacitor needs 1.21 gigawatts of zorbium power.'] },
    { heading: 'Safety', paragraphs: ['Never open the housing while it hums.'] },
  ]);
  fs.writeFileSync(path.join(folder, 'manual.docx'), docx);
  fs.writeFileSync(path.join(folder, 'notes.md'), '# Notes\n\n## Garden\n\nThe tomatoes want water every morning.\n');
  fs.writeFileSync(
    path.join(folder, 'page.html'),
    '<html><body><h1>Recipes</h1><p>Bake bread at 220 C.</p></body></html>',
  );
  fs.writeFileSync(path.join(folder, 'broken.pdf'), 'this is not a PDF at all');
  fs.mkdirSync(path.join(folder, 'node_modules'));
  fs.writeFileSync(path.join(folder, 'node_modules', 'skipped.md'), '# Never indexed');
  return folder;
}

test('knowledge: index a folder, attach it to an agent, open a cited passage, watch edits on disk', async ({
  app,
  page,
}) => {
  test.setTimeout(240_000);
  const folder = await makeFolder();
  await app.open();

  // A base over the folder: refused until the folder is granted, then indexed with a status per document.
  const kb = await new KnowledgePage(app).open();
  await kb.create('Manuals', folder);
  await kb.waitUpToDate(4);
  await expect(kb.files('indexed')).toHaveCount(3);
  await expect(kb.file('broken.pdf')).toHaveAttribute('data-status', 'failed');
  await expect(kb.file('broken.pdf').getByTestId('file-summary')).toContainText('corrupt');
  await expect(kb.file('manual.docx').getByTestId('file-summary')).toContainText('passage');
  await expect(kb.file('skipped.md')).toHaveCount(0);
  await expect(kb.bases).toHaveCount(1);
  await app.screenshot('knowledge-light', { wholeScreen: true });
  await kb.detail.getByTestId('files-filter-failed').click();
  await expect(kb.files()).toHaveCount(1);
  await kb.detail.getByTestId('files-filter-all').click();
  await expect(kb.files()).toHaveCount(4);

  // An agent on the tiny model gets the base in the builder's Knowledge section.
  const chat = new ChatPage(app);
  const [model] = await chat.request('models.list', {});
  if (!model) throw new Error('the seeded tiny model was not found');
  await chat.request('models.setLoadOptions', { id: model.id, options: { threads: 1, contextSize: 2048 } });
  await chat.createAgent({
    id: 'kb-agent',
    name: 'Manual reader',
    avatar: { symbol: 'M', colour: '#0ea5e9' },
    systemPrompt: 'Answer from the passages.',
    model: { preferred: model.id },
    sampling: { maxTokens: 16, temperature: 0.8, seed: 7 },
    context: { strategy: 'truncate-oldest', reserveForReply: 256 },
  });
  const agents = await new AgentsPage(app).open();
  await agents.edit('kb-agent');
  const picker = page.getByTestId('knowledge-bases-picker');
  await picker.getByLabel(/Manuals/).check();
  await page.getByTestId('knowledge-mode-automatic').check();
  await agents.fill('knowledge-max-chunks', '2');
  await agents.fill('knowledge-token-budget', '400');
  await agents.save();

  // The reply's sources are listed; one opens the cited passage in its document.
  await chat.open();
  await chat.pickAgent('kb-agent');
  await chat.send('How much zorbium power does the flux capacitor need?');
  await chat.waitForIdle();
  const reply = chat.replies.last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  // Both of the DOCX's sections match some word; the one about the capacitor is among the sources.
  const cited = reply.getByTestId('citation').filter({ hasText: 'manual.docx, Flux capacitor' });
  await expect(cited).toHaveCount(1);
  await cited.click();
  const viewer = page.getByTestId('passage-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByTestId('passage-file')).toHaveText('manual.docx');
  await expect(viewer.getByTestId('passage-where')).toContainText('Flux capacitor');
  await expect(viewer.getByTestId('passage-highlight')).toContainText('1.21 gigawatts of zorbium');
  await app.screenshot('knowledge-passage-light');
  const download = page.waitForEvent('download');
  await viewer.getByTestId('passage-open-file').click();
  const saved = await (await download).path();
  expect(fs.readFileSync(saved).equals(fs.readFileSync(path.join(folder, 'manual.docx')))).toBe(true);
  await viewer.getByTestId('passage-close').click();
  await expect(viewer).toHaveCount(0);

  // A reload restores the sources from the stored citations.
  await page.reload();
  await expect(chat.replies.last().getByTestId('citation').filter({ hasText: 'Flux capacitor' })).toHaveCount(1);

  // The folder is watched: an edited file is re-indexed and a new one appears, without pressing anything.
  await kb.open();
  const baseId = (await kb.detail.getAttribute('data-base-id'))!;
  const search = async (query: string) =>
    (await chat.request('knowledge.search', { query, baseIds: [baseId], k: 3 })).hits.map((h) => h.fileName);
  fs.writeFileSync(path.join(folder, 'notes.md'), '# Notes\n\n## Garden\n\nThe cucumbers want shade at noon.\n');
  await expect.poll(() => search('cucumbers'), { timeout: 60_000 }).toEqual(['notes.md']);
  expect(await search('tomatoes')).toEqual([]);
  fs.writeFileSync(path.join(folder, 'later.md'), '# Later\n\nA file added while the app runs.\n');
  await expect(kb.file('later.md')).toHaveAttribute('data-status', 'indexed', { timeout: 60_000 });
  await kb.waitUpToDate(5);
  // Re-index by hand finds nothing new to do.
  await kb.detail.getByTestId('knowledge-rescan').click();
  await kb.waitUpToDate(5);

  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('knowledge-dark');
});

test('a file dropped into the composer is indexed for that conversation and cited', async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open();
  const chat = await new ChatPage(app).open();
  const [model] = await chat.request('models.list', {});
  if (!model) throw new Error('the seeded tiny model was not found');
  await chat.request('models.setLoadOptions', { id: model.id, options: { threads: 1, contextSize: 2048 } });
  await chat.createAgent({
    id: 'plain-agent',
    name: 'Plain agent',
    avatar: { symbol: 'P', colour: '#0ea5e9' },
    systemPrompt: 'Answer briefly.',
    model: { preferred: model.id },
    sampling: { maxTokens: 16, temperature: 0.8, seed: 7 },
    context: { strategy: 'truncate-oldest', reserveForReply: 256 },
  });
  await chat.pickAgent('plain-agent');

  // The agent has no bases: the dropped file becomes this conversation's own.
  const dropped = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(
      new File(['# Trip\n\nPack the periscope and two lanterns.\n'], 'trip.md', { type: 'text/markdown' }),
    );
    return data;
  });
  await page.getByTestId('chat-composer').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(page).toHaveURL(/#\/chat\/[^/]+$/);
  await expect(page.getByTestId('chat-files')).toContainText('1 file in this chat', { timeout: 60_000 });

  await chat.send('What goes with the periscope?');
  await chat.waitForIdle();
  const cited = chat.replies.last().getByTestId('citation').filter({ hasText: 'trip.md' });
  await expect(cited).toHaveCount(1);
  await cited.click();
  await expect(page.getByTestId('passage-highlight')).toContainText('periscope and two lanterns');
  await app.screenshot('chat-dropped-file-passage');
});
