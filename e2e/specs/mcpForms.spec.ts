import path from 'node:path';
import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { ChatPage } from '../pages/ChatPage';

test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

const FORMS_SERVER = path.resolve(import.meta.dirname, '../../src-main/core/mcp/testing/formsMcpServer.ts');

test("an MCP server's form appears as a card in the chat and the answer reaches the server", async ({ app, page }) => {
  test.setTimeout(240_000);
  await app.open();
  const chat = await new ChatPage(app).open();
  // The official SDK's McpServer (elicitInput inside its ask_details tool), started by the host over stdio.
  const server = await chat.request('mcp.add', {
    transport: 'stdio',
    name: 'Forms',
    command: process.execPath,
    args: ['--import', 'tsx', FORMS_SERVER],
  });
  expect(server.state).toBe('running');
  await chat.createTinyAgent({
    id: 'form-asker',
    name: 'Form asker',
    tools: { mcp_forms_ask_details: 'allow' },
    sampling: { maxTokens: 256, temperature: 0.8, seed: 7 },
  });

  await chat.send('Ask me who I am.', { requireTool: true });
  const form = page.getByTestId('elicitation-form');
  await expect(form).toBeVisible({ timeout: 180_000 });
  await expect(form.getByTestId('elicitation-message')).toHaveText('Who is asking?');
  // Send waits for the required name.
  await expect(form.getByTestId('elicitation-accept')).toBeDisabled();
  await form.getByLabel('Your name *').fill('Ada');
  await form.getByLabel('Age').fill('36');
  await form.getByLabel('Colour').selectOption('green');
  await app.screenshot('chat-mcp-form-light');
  await form.getByTestId('elicitation-accept').click();

  await chat.waitForIdle(180_000);
  const card = chat.toolCards.filter({ hasText: 'mcp_forms_ask_details' }).first();
  await expect(card).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const result = card.getByTestId('tool-call-result');
  await expect(result).toContainText('"action":"accept"');
  await expect(result).toContainText('"name":"Ada"');
  await expect(result).toContainText('"age":36');
  await expect(page.getByTestId('elicitation-form')).toHaveCount(0);
});

test("a server's resource is attached and its prompt inserted into the composer", async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.open();
  const chat = await new ChatPage(app).open();
  const server = await chat.request('mcp.add', {
    transport: 'stdio',
    name: 'Library',
    command: process.execPath,
    args: ['--import', 'tsx', FORMS_SERVER],
  });
  expect(server.state).toBe('running');
  await chat.createTinyAgent({ id: 'reader', name: 'Reader' });

  await chat.input.fill('Please read this:');
  await page.getByTestId('mcp-library-toggle').click();
  const library = page.getByTestId('mcp-library');
  await expect(library.getByTestId('mcp-resources')).toContainText('Field notes', { timeout: 30_000 });
  await library.getByTestId('mcp-resource-attach').first().click();
  // Attached after what was typed, not instead of it.
  await expect(chat.input).toHaveValue(
    /^Please read this:\n\n\[Resource "Field notes" \(notes:\/\/field\/1\)\]\nThe owl flies at dusk\.$/,
  );

  await chat.input.fill('');
  await library.getByTestId('mcp-prompts').getByTestId('mcp-prompt-use').first().click();
  await library.getByLabel('topic').fill('owls');
  await library.getByTestId('mcp-prompt-insert').click();
  await expect(chat.input).toHaveValue('Summarise what you know about owls.');
  await app.screenshot('chat-mcp-library-light');
});
