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
