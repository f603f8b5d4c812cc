import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentDefinitionInput } from '../../src-preload/contract';
import { hostRequest } from '../fixtures/hostRequest';
import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { JobsPage } from '../pages/JobsPage';

test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

/** An agent on the generated tiny model with short replies (a 2-core box keeps up). */
async function tinyAgent(
  host: Parameters<typeof hostRequest>[0],
  patch: Partial<AgentDefinitionInput> & { id: string; name: string },
) {
  const [model] = (await hostRequest(host, 'models.list', {})) as { id: string }[];
  if (!model) throw new Error('the seeded tiny model was not found');
  await hostRequest(host, 'models.setLoadOptions', { id: model.id, options: { threads: 1, contextSize: 2048 } });
  await hostRequest(host, 'agents.create', {
    definition: {
      avatar: { symbol: 'J', colour: '#0ea5e9' },
      systemPrompt: 'You are a test agent.',
      model: { preferred: model.id },
      sampling: { maxTokens: 16, temperature: 0.8, seed: 7 },
      context: { strategy: 'truncate-oldest', reserveForReply: 256 },
      ...patch,
    },
  });
}

test('a job made in the editor shows its next runs, runs now, and lands in history with its transcript', async ({
  app,
  host,
  page,
}) => {
  test.setTimeout(120_000);
  await tinyAgent(host, { id: 'digest-bot', name: 'Digest bot' });
  await app.open();
  const jobs = await new JobsPage(app).open();

  await jobs.create({
    name: 'Weekday digest',
    agentId: 'digest-bot',
    instruction: 'Write the digest.',
    trigger: 'weekdays',
  });
  await jobs.root.getByTestId('job-time').fill('07:30');
  await expect(jobs.root.getByTestId('job-next-runs').locator('li')).toHaveCount(5);
  await jobs.root.getByTestId('job-trigger').selectOption('cron');
  await jobs.root.getByTestId('job-cron').fill('not a cron');
  await expect(jobs.root.getByTestId('job-next-runs')).toContainText('not a valid cron');
  await jobs.root.getByTestId('job-cron').fill('30 7 * * 1-5');
  await jobs.save();
  await app.screenshot('jobs-list');

  const row = jobs.job('Weekday digest');
  await expect(row.getByTestId('job-next-run')).not.toHaveText('—');
  await row.getByTestId('job-run-now').click();
  await expect(jobs.runs()).toHaveCount(1);
  await expect(jobs.runs().first().getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 90_000,
  });
  await expect(row.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded');
  await jobs.runs().first().click();
  const detail = jobs.root.getByTestId('run-detail');
  await expect(detail.getByTestId('transcript-message')).toHaveCount(2);
  await expect(detail.getByTestId('transcript-message').first()).toHaveAttribute('data-role', 'user');
  await expect(detail.getByTestId('transcript-message').first()).toContainText('Write the digest.');
  await expect(detail.getByTestId('transcript-message').nth(1)).toHaveAttribute('data-role', 'assistant');
  await app.screenshot('jobs-run-detail');

  await row.getByTestId('job-enabled').uncheck();
  await expect(row.getByTestId('job-next-run')).toHaveText('—');
  await page.reload();
  await expect(jobs.job('Weekday digest').getByTestId('job-enabled')).not.toBeChecked();
});

test('a folder job runs for a file written into its granted folder, with the path in history and transcript', async ({
  app,
  host,
}) => {
  test.setTimeout(180_000);
  await tinyAgent(host, { id: 'scan-bot', name: 'Scan bot' });
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-e2e-job-folder-')));
  try {
    await hostRequest(host, 'tools.grantFolder', { path: folder, agentId: 'scan-bot' });
    await app.open();
    const jobs = await new JobsPage(app).open();
    await jobs.create({
      name: 'Scan filer',
      agentId: 'scan-bot',
      instruction: 'File the scan.',
      trigger: 'folder',
      folder,
    });
    await jobs.save();

    // Files written before the watcher has read the folder start nothing: wait until the row says it watches.
    const row = jobs.job('Scan filer');
    await expect(row.getByTestId('job-watching')).toHaveAttribute('data-watching', 'true', { timeout: 60_000 });
    const file = path.join(folder, 'scan-001.txt');
    fs.writeFileSync(file, 'a scanned page');

    await expect(jobs.runs()).toHaveCount(1, { timeout: 60_000 });
    const run = jobs.runs().first();
    await expect(run).toContainText('folder');
    await expect(run.getByTestId('run-trigger-path')).toHaveText(file);
    await expect(run.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
    const detail = await jobs.openRun(run);
    await expect(detail).toContainText(file);
    await expect(detail.getByTestId('transcript-message').first()).toHaveAttribute('data-role', 'user');
    await expect(detail.getByTestId('transcript-message').first()).toContainText(`File: ${file}`);
    await expect(detail.getByTestId('transcript-message').nth(1)).toHaveAttribute('data-role', 'assistant');
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('an "ask" tool parks a run in the Inbox: approving there resumes it, denying ends it', async ({ app, host }) => {
  test.setTimeout(240_000);
  // Random weights never choose a tool: the job requires one, and the grammar forces the call (as in chat.spec).
  await tinyAgent(host, {
    id: 'ask-bot',
    name: 'Ask bot',
    tools: { list_directory: 'ask' },
    sampling: { maxTokens: 48, temperature: 0.8, seed: 7 },
  });
  await app.open();
  const jobs = await new JobsPage(app).open();
  await jobs.create({
    name: 'Tidy downloads',
    agentId: 'ask-bot',
    instruction: 'List the folder.',
    trigger: 'manual',
    requireTool: true,
    maxToolRounds: 1,
  });
  await jobs.save();
  const row = jobs.job('Tidy downloads');

  await row.getByTestId('job-run-now').click();
  await expect(jobs.runs()).toHaveCount(1);
  const first = jobs.runs().first();
  await expect(first.getByTestId('run-status')).toHaveAttribute('data-status', 'waiting-for-approval', {
    timeout: 150_000,
  });
  await expect(jobs.inboxBadge).toHaveText('1');
  await expect(row.getByTestId('run-status')).toHaveAttribute('data-status', 'waiting-for-approval');
  await expect(jobs.inboxItem('Tidy downloads').getByTestId('inbox-tool')).toContainText('list_directory');
  await app.screenshot('jobs-inbox');
  await jobs.respond('Tidy downloads', 'approve');
  await expect(jobs.inboxBadge).toBeHidden();
  // One tool round allowed: after the approved call the run answers in text (succeeded, or limit: tool rounds).
  await expect(first.getByTestId('run-status')).toHaveAttribute('data-status', /^(succeeded|limit)$/, {
    timeout: 150_000,
  });
  const detail = await jobs.openRun(first);
  await expect(detail.locator('[data-testid="transcript-message"][data-role="tool"]')).toHaveCount(1);
  await expect(detail).toContainText('list_directory');

  await row.getByTestId('job-run-now').click();
  await expect(jobs.runs()).toHaveCount(2);
  const second = jobs.runs().first();
  await expect(second.getByTestId('run-status')).toHaveAttribute('data-status', 'waiting-for-approval', {
    timeout: 150_000,
  });
  await expect(jobs.inboxBadge).toHaveText('1');
  await jobs.respond('Tidy downloads', 'deny');
  await expect(second.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  await expect(second).toContainText('denied');
  await expect(jobs.inboxBadge).toBeHidden();
});
