/**
 * Issue 14's request budget, counted on the real renderer's socket: a new chat's first message costs at most
 * 3 requests (create, subscribe, send) and a follow-up 1 (send). Everything else, the reply, its tool card
 * and the conversation's new title, arrives as events carrying the stored rows.
 */
import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { WireRequests } from '../fixtures/wireRequests';
import { ChatPage } from '../pages/ChatPage';

test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

test('a new chat costs at most 3 requests and a follow-up with a tool call 1', async ({ app, page }) => {
  test.setTimeout(240_000);
  const wire = new WireRequests(page);
  await app.open();
  const chat = await new ChatPage(app).open();
  await chat.createTinyAgent({
    id: 'counted',
    name: 'Counted',
    tools: { current_datetime: 'allow' },
    // Room enough that the forced call (a time-zone string) is never cut off.
    sampling: { maxTokens: 200, temperature: 0.8, seed: 7 },
  });
  await expect(chat.input).toBeEnabled();
  // The status bar starts its monitoring feed (one monitoring.current, one subscribe) a second after the first
  // screen: that is the app's, not the chat's, so the count starts once the bar shows a sample.
  await expect(page.getByTestId('status-bar')).toContainText(/RAM/, { timeout: 30_000 });

  const first = wire.mark();
  await chat.send('Tell me about the zeppelin');
  await expect(chat.userMessages).toHaveCount(1);
  // The first reply loads the model: on a busy 2-core box that alone can take a while.
  await expect(chat.replies).toHaveCount(1, { timeout: 120_000 });
  const reply = chat.replies.last();
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
  await chat.waitForIdle();
  await expect(reply.getByTestId('reply-metrics')).toContainText('tok/s');
  // The title the first message gave arrives with conversations.changed.
  await expect(chat.conversations.first()).toContainText('zeppelin');
  expect(first(), 'requests for the first message of a new chat').toEqual([
    'conversations.create',
    'events.subscribe',
    'chat.send',
  ]);

  const followUp = wire.mark();
  await chat.send('What time is it?', { requireTool: true });
  const card = chat.toolCards.first();
  // The card's result is the structured one the event carried: shown without fetching the conversation.
  await expect(card).toHaveAttribute('data-state', /done|failed/, { timeout: 120_000 });
  await expect(card.getByTestId('tool-call-result')).not.toBeEmpty();
  await expect(chat.userMessages).toHaveCount(2);
  await expect(chat.replies.last()).toHaveAttribute('data-status', /complete|error/, { timeout: 120_000 });
  await chat.waitForIdle();
  expect(followUp(), 'requests for a follow-up').toEqual(['chat.send']);

  // A reload restores the same conversation from one snapshot.
  const resultText = await card.getByTestId('tool-call-result').innerText();
  await page.reload();
  await expect(chat.toolCards.first().getByTestId('tool-call-result')).toHaveText(resultText);
  await expect(chat.userMessages).toHaveCount(2);
});
