import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { AgentsPage } from '../pages/AgentsPage';

function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-e2e-agents-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

test.describe('agent builder with a generated model', () => {
  test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

  test.afterEach(async ({ host }, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('host-log', { body: host.logs(), contentType: 'text/plain' });
    }
  });

  test('validates inline, saves, exports YAML, deletes, and re-imports with the same settings', async ({
    app,
    page,
  }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open();
    const agents = await new AgentsPage(app).open();
    // Core installs the shipped templates on first run.
    await expect(agents.card('general-assistant')).toBeVisible();
    const before = await agents.cards.count();

    await agents.newAgent();
    await expect(page.getByTestId('agent-model')).toHaveValue('tiny-q8');
    await expect(page.getByTestId('agent-model-badges')).toContainText('Installed');

    // Bad input: every field says what is wrong with it, and nothing can be saved.
    await agents.fill('agent-name', '   ');
    await expect(agents.fieldError('name')).toHaveText('must not be empty');
    await agents.fill('sampling-temperature', 'hot');
    await expect(agents.fieldError('sampling.temperature')).toHaveText('must be a number');
    await agents.fill('sampling-topP', '1.5');
    await expect(agents.fieldError('sampling.topP')).toHaveText('must be at most 1');
    await agents.fill('agent-colour', 'blue');
    await expect(agents.fieldError('avatar.colour')).toHaveText('must be a hex colour like #3b82f6');
    await expect(page.getByTestId('builder-save')).toBeDisabled();
    await expect(page.getByTestId('agent-problems')).toContainText('Top-p');
    await expect(page.getByTestId('preview-blocked')).toBeVisible();
    await app.screenshot('agents-builder-errors-light', { wholeScreen: true });

    // Fix it: the id follows the name, and the errors go away as fields are corrected.
    await agents.fill('agent-name', 'E2E Helper');
    await expect(page.getByTestId('agent-id')).toHaveValue('e2e-helper');
    await expect(agents.fieldError('name')).toHaveCount(0);
    await agents.fill('agent-colour', '#8b5cf6');
    await agents.fill('agent-symbol', 'EH');
    await agents.fill('agent-description', 'Reads shared notes for the team.');
    await agents.fill('agent-system-prompt', 'You read files the user shares and answer briefly.');
    await agents.fill('sampling-temperature', '0.3');
    await agents.fill('sampling-topP', '0.9');
    await agents.fill('sampling-maxTokens', '64');
    await agents.fill('sampling-seed', '42');
    await page.getByTestId('starter-add').click();
    await agents.fill('starter-0', 'What is in my notes?');
    await agents.enableTool('read_file', 'ask');
    await expect(page.getByTestId('tool-read_file')).toContainText('reads files');
    await expect(page.getByTestId('folder-grants')).toBeVisible();
    await agents.enableTool('calculator', 'allow');
    await expect(page.getByTestId('agent-problems')).toHaveCount(0);
    await expect(page.getByTestId('builder-dirty')).toBeVisible();
    await agents.save();
    await expect(agents.builder).toHaveAttribute('data-mode', 'edit');
    await expect(page.getByTestId('agent-id')).toHaveAttribute('readonly', '');
    await app.screenshot('agents-builder-saved-light', { wholeScreen: true });

    // Editing keeps history: save a second version, then restore the first (which becomes version 3).
    await agents.fill('agent-description', 'Second version.');
    await agents.save();
    await expect(page.getByTestId('builder-saved')).toHaveText('Saved as version 2');
    await page.getByTestId('builder-tab-history').click();
    const versions = page.getByTestId('agent-version');
    await expect(versions).toHaveCount(2);
    await versions.and(page.locator('[data-version="1"]')).getByTestId('agent-version-restore').click();
    await expect(versions).toHaveCount(3);
    await expect(versions.and(page.locator('[data-version="3"]'))).toContainText('current');
    await expect(page.getByTestId('builder-version')).toHaveText('version 3');
    await page.getByTestId('builder-tab-audit').click();
    await expect(page.getByText('This agent has not called any tools yet.')).toBeVisible();
    await page.getByTestId('builder-tab-settings').click();
    await expect(page.getByTestId('agent-description')).toHaveValue('Reads shared notes for the team.');

    // The unsaved-changes guard: keep editing, then discard.
    await agents.fill('agent-name', 'Changed my mind');
    await page.getByTestId('builder-back').click();
    await expect(agents.confirmDialog).toContainText('Discard unsaved changes?');
    await agents.confirmDialog.getByTestId('confirm-cancel').click();
    await expect(page.getByTestId('agent-name')).toHaveValue('Changed my mind');
    await page.getByTestId('builder-back').click();
    await agents.confirmDialog.getByTestId('confirm-accept').click();
    await expect(page.getByTestId('agent-list')).toBeVisible();
    const card = agents.card('e2e-helper');
    await expect(card.getByTestId('agent-card-name')).toHaveText('E2E Helper');
    await expect(card.getByTestId('agent-card-facts')).toContainText('tiny-q8');
    await expect(card.getByTestId('agent-card-facts')).toContainText('2 tools');
    await expect(agents.cards).toHaveCount(before + 1);
    await app.screenshot('agents-list-light', { wholeScreen: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('agents-list-dark', { wholeScreen: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // "Chat" opens a new conversation with the agent; deleting the agent then counts it.
    await card.getByTestId('agent-chat').click();
    await expect(app.screen('chat')).toBeVisible();
    await expect(page).toHaveURL(/#\/chat\/[^/]+$/);
    await agents.open();

    const exported = await agents.export('e2e-helper', 'yaml');
    expect(exported.fileName).toBe('e2e-helper.outpost-agent.yaml');
    expect(exported.content).toContain('outpostAgent: 1');
    expect(exported.content).toContain('read_file: ask');
    expect(exported.content).toContain('temperature: 0.3');
    const yamlFile = tempFile(exported.fileName, exported.content);

    const dialog = await agents.delete('e2e-helper');
    await expect(dialog).toContainText('also deletes its 1 conversation');
    await dialog.getByTestId('confirm-accept').click();
    await expect(agents.card('e2e-helper')).toHaveCount(0);
    await expect(page.getByTestId('agents-notice')).toContainText('Deleted “E2E Helper” and 1 conversation');

    await agents.import([yamlFile]);
    await expect(page.getByTestId('agents-import-done')).toContainText('Imported 1 agent');
    await expect(agents.card('e2e-helper')).toBeVisible();

    await agents.edit('e2e-helper');
    await expect(page.getByTestId('agent-name')).toHaveValue('E2E Helper');
    await expect(page.getByTestId('agent-symbol')).toHaveValue('EH');
    await expect(page.getByTestId('agent-colour')).toHaveValue('#8b5cf6');
    await expect(page.getByTestId('agent-model')).toHaveValue('tiny-q8');
    await expect(page.getByTestId('sampling-temperature')).toHaveValue('0.3');
    await expect(page.getByTestId('sampling-topP')).toHaveValue('0.9');
    await expect(page.getByTestId('sampling-maxTokens')).toHaveValue('64');
    await expect(page.getByTestId('sampling-seed')).toHaveValue('42');
    await expect(page.getByTestId('starter-0')).toHaveValue('What is in my notes?');
    await expect(page.getByTestId('tool-permission-read_file')).toHaveValue('ask');
    await expect(page.getByTestId('tool-permission-calculator')).toHaveValue('allow');
    await expect(page.getByTestId('tool-enable-notes_create')).not.toBeChecked();
  });

  test('the live preview streams a reply from the unsaved draft', async ({ app, page }) => {
    test.setTimeout(180_000);
    await app.open();
    const agents = await new AgentsPage(app).open();
    await agents.newAgent();
    await agents.fill('agent-name', 'Preview only');
    await agents.fill('sampling-maxTokens', '12');
    await agents.fill('sampling-seed', '1');
    await expect(page.getByTestId('preview-blocked')).toHaveCount(0);

    await page.getByTestId('preview-input').fill('Say hello.');
    await page.getByTestId('preview-send').click();
    await expect(page.getByTestId('preview-user')).toHaveText('Say hello.');
    const reply = page.getByTestId('preview-reply');
    await expect(reply).not.toHaveAttribute('data-status', 'streaming', { timeout: 150_000 });
    await expect(reply.getByRole('alert')).toHaveCount(0);
    await expect(reply).toHaveAttribute('data-status', 'done');
    await expect(reply.getByTestId('preview-reply-text')).not.toBeEmpty();
    await app.screenshot('agents-builder-preview-light', { wholeScreen: true });

    // Nothing was stored: the draft is still unsaved and no agent was created.
    await expect(page.getByTestId('builder-dirty')).toBeVisible();
    await page.getByTestId('builder-back').click();
    await expect(agents.confirmDialog).toContainText('Discard unsaved changes?');
    await agents.confirmDialog.getByTestId('confirm-accept').click();
    await expect(agents.card('preview-only')).toHaveCount(0);
  });

  test('a malformed file shows exact errors and imports nothing, not even the good file beside it', async ({
    app,
    page,
  }) => {
    test.setTimeout(120_000);
    await app.open();
    const agents = await new AgentsPage(app).open();
    await expect(agents.card('general-assistant')).toBeVisible();
    const before = await agents.cards.count();
    const good = await agents.export('general-assistant', 'json');
    const goodFile = tempFile('copy.json', good.content.replace('"id": "general-assistant"', '"id": "ga-copy"'));
    const badFile = tempFile(
      'broken.yaml',
      [
        'outpostAgent: 1',
        'agent:',
        '  id: Not A Slug',
        '  name: Broken',
        '  avatar: { symbol: B, colour: "#123456" }',
        '  systemPrompt: hi',
        '  model: { preferred: tiny-q8 }',
        '  tools: { read_file: sometimes }',
        '  mood: grumpy',
        'requirements: { toolCalling: true, suggestedModels: [] }',
        '',
      ].join('\n'),
    );

    await agents.import([goodFile, badFile]);
    const errors = page.getByTestId('agents-import-errors');
    await expect(errors).toContainText('Nothing was imported');
    const problem = errors.locator('[data-testid="import-problem"][data-file="broken.yaml"]');
    await expect(problem).toBeVisible();
    const issues = problem.getByTestId('import-issue');
    await expect(issues.filter({ hasText: 'agent.id' })).toContainText('must be a slug');
    await expect(issues.filter({ hasText: 'agent.tools.read_file' })).toContainText('must be one of allow, ask, deny');
    await expect(issues.filter({ hasText: 'agent.mood' })).toContainText('unknown field');
    await app.screenshot('agents-import-errors-light', { wholeScreen: true });
    await expect(agents.card('ga-copy')).toHaveCount(0);
    await expect(agents.cards).toHaveCount(before);

    // Not an agent file at all: refused before anything is sent.
    await agents.import([tempFile('notes.txt', 'hello')]);
    await expect(errors.locator('[data-file="notes.txt"]')).toContainText('expected .json, .yaml or .yml');
    await expect(agents.cards).toHaveCount(before);
  });
});
