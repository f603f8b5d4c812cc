import fs from 'node:fs';
import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { ChatPage } from '../pages/ChatPage';

test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

test('a reply streams, shows metrics, survives a reload, and search opens it', async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open();
  const chat = await new ChatPage(app).open();
  await chat.createTinyAgent({ id: 'tiny-talker', name: 'Tiny talker' });

  await expect(page.getByTestId('starter-prompt')).toHaveText(['Say hello']);
  await page.getByTestId('starter-prompt').click();
  await expect(chat.input).toHaveValue('Say hello');
  await chat.input.fill('Tell me about the zeppelin');
  await chat.input.press('Shift+Enter');
  await expect(chat.input).toHaveValue('Tell me about the zeppelin\n');
  await chat.input.press('Enter');

  await expect(chat.userMessages).toHaveCount(1);
  await expect(page).toHaveURL(/#\/chat\/[^/]+$/);
  await chat.waitForIdle();
  const reply = chat.replies.last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(reply.getByTestId('reply-metrics')).toContainText('tok/s');
  await expect(reply.getByTestId('reply-metrics')).toContainText('tokens');
  await expect(chat.conversations).toHaveCount(1);
  await expect(chat.conversations.first()).toContainText('zeppelin');
  await app.screenshot('chat-reply-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('chat-reply-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  const replyText = await reply.getByTestId('message-content').innerText();
  await page.reload();
  await expect(chat.userMessages).toHaveCount(1);
  await expect(chat.replies.last()).toHaveAttribute('data-status', 'complete');
  expect(await chat.replies.last().getByTestId('message-content').innerText()).toBe(replyText);

  // Regenerate replaces the reply; there is still one user message and one reply.
  await chat.replies.last().hover();
  await chat.replies.last().getByTestId('regenerate').click();
  await chat.waitForIdle();
  await expect(chat.userMessages).toHaveCount(1);
  await expect(chat.replies).toHaveCount(1);

  // Edit the question and re-run from there: the old reply is replaced.
  await chat.userMessages.first().hover();
  await chat.userMessages.first().getByTestId('edit-message').click();
  await page.getByTestId('edit-message-input').fill('Tell me about the zeppelin hangar');
  await page.getByTestId('edit-message-save').click();
  await chat.waitForIdle();
  await expect(chat.userMessages.getByTestId('message-text')).toHaveText(['Tell me about the zeppelin hangar']);
  await expect(chat.replies).toHaveCount(1);

  // Export as Markdown through a browser download, then rename in place.
  const item = chat.conversations.first();
  await item.hover();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    item.getByTestId('conversation-export-markdown').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const exported = fs.readFileSync(await download.path(), 'utf8');
  expect(exported).toContain('zeppelin hangar');
  await item.getByTestId('conversation-rename').click();
  await page.getByTestId('conversation-rename-input').fill('Airships');
  await page.getByTestId('conversation-rename-input').press('Enter');
  await expect(chat.conversations.first()).toContainText('Airships');
  await expect(page.getByTestId('chat-title')).toHaveText('Airships');

  await page.getByTestId('new-chat').click();
  await expect(page).toHaveURL(/#\/chat$/);
  const hits = await chat.search('zeppelin');
  await expect(hits.first()).toBeVisible();
  await expect(hits.first().locator('mark')).toHaveText(/zeppelin/i);
  await hits.first().click();
  await expect(page).toHaveURL(/#\/chat\/[^/]+\/[^/]+$/);
  await expect(page.locator('.search-target')).toContainText('zeppelin');

  await chat.conversations.first().hover();
  await chat.conversations.first().getByTestId('conversation-delete').click();
  await page.getByTestId('confirm-accept').click();
  await expect(chat.conversations).toHaveCount(0);
  await expect(page).toHaveURL(/#\/chat$/);
});

test('an "ask" tool call waits for approval, then shows its result', async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open();
  const chat = await new ChatPage(app).open();
  await chat.createTinyAgent({
    id: 'clock-asker',
    name: 'Clock asker',
    tools: { list_directory: 'ask' },
    sampling: { maxTokens: 48, temperature: 0.8, seed: 7 },
  });

  await chat.send('What time is it?', { requireTool: true });
  const card = chat.toolCards.first();
  await expect(card).toHaveAttribute('data-state', 'waiting', { timeout: 120_000 });
  await expect(card.getByTestId('tool-call-name')).toContainText('list_directory');
  await expect(card.getByTestId('tool-call-args')).toBeVisible();
  await expect(card.getByTestId('approval-outcome')).toContainText('Waiting');
  await app.screenshot('chat-approval-light');

  // A reload while the run waits restores the open card from chat.approvals.
  await page.reload();
  await expect(chat.toolCards.first()).toHaveAttribute('data-state', 'waiting');
  await chat.toolCards.first().getByTestId('approval-approve').click();

  await chat.waitForIdle();
  const done = chat.toolCards.first();
  // Approved and run: the folder listing, or the tool's own refusal of a path outside the granted folders.
  await expect(done).toHaveAttribute('data-state', /done|failed/, { timeout: 30_000 });
  await expect(done.getByTestId('tool-call-result')).not.toBeEmpty();
  await expect(done.getByTestId('approval-approve')).toHaveCount(0);
  await expect(chat.replies.last()).toHaveAttribute('data-status', 'complete');
});

test('Esc stops a long reply and marks it stopped', async ({ app, page }) => {
  test.setTimeout(300_000);
  await app.open();
  const chat = await new ChatPage(app).open();
  await chat.createTinyAgent({
    id: 'long-talker',
    name: 'Long talker',
    sampling: { maxTokens: 1500, temperature: 0.8, seed: 3 },
    context: { strategy: 'truncate-oldest', reserveForReply: 1500 },
  });

  // A random-weight model may emit its end token early and finish before Esc lands; that attempt proves
  // nothing, so ask again (up to 8 times). Every attempt that was still streaming must end as "Stopped".
  let stopped = false;
  for (let attempt = 0; attempt < 8 && !stopped; attempt++) {
    const repliesBefore = await chat.replies.count();
    await chat.send(`Write a very long story, part ${attempt + 1}.`);
    // Watched every frame in the page: the random model streams ~700 tok/s, so a reply can be over within
    // Playwright's polling interval. 'ended' means it finished by itself; that attempt proves nothing.
    const outcome = await page.waitForFunction(
      (before) => {
        if (document.querySelector('[data-testid="message-assistant"][data-status="streaming"]')) return 'streaming';
        const replies = document.querySelectorAll('[data-testid="message-assistant"]');
        const last = replies[replies.length - 1];
        const ended = replies.length > before && last?.getAttribute('data-status') !== 'streaming';
        return ended && !document.querySelector('[data-testid="chat-stop"]') ? 'ended' : null;
      },
      repliesBefore,
      { polling: 'raf', timeout: 60_000 },
    );
    if ((await outcome.jsonValue()) === 'ended') {
      await chat.waitForIdle();
      continue;
    }
    await page.keyboard.press('Escape');
    await chat.waitForIdle();
    const reply = chat.replies.last();
    if ((await reply.getAttribute('data-status')) === 'complete') continue;
    await expect(reply.getByTestId('reply-problem')).toContainText('Stopped');
    stopped = true;
  }
  expect(stopped, 'Esc never caught a reply while it was streaming').toBe(true);
});

test('an agent whose model is missing says so and links to the Catalog', async ({ app, page }) => {
  await app.open();
  const chat = await new ChatPage(app).open();
  await chat.createAgent({
    id: 'needs-download',
    name: 'Needs a download',
    avatar: { symbol: 'N', colour: '#a855f7' },
    systemPrompt: '',
    model: { preferred: 'not-installed-model.gguf' },
  });
  await chat.pickAgent('needs-download');
  const banner = page.getByTestId('readiness-banner');
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('link', { name: /Catalog/ })).toHaveAttribute('href', '#/catalog');
  await expect(chat.input).toBeDisabled();
  await app.screenshot('chat-model-missing-light');
});
