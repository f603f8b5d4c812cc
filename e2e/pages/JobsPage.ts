import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './AppShell';

export interface NewJobFields {
  name: string;
  agentId: string;
  instruction: string;
  trigger: string;
  /** Folder trigger: the granted folder to watch. */
  folder?: string;
  /** Each run starts by calling one of the agent's tools. */
  requireTool?: boolean;
  maxToolRounds?: number;
}

/** The Jobs screen: job list (run now, enable), editor with next-run preview, run history, run detail, Inbox. */
export class JobsPage {
  readonly page: Page;
  readonly root: Locator;

  constructor(readonly app: AppShell) {
    this.page = app.page;
    this.root = app.page.getByTestId('screen-jobs');
  }

  async open(): Promise<this> {
    await this.page.getByTestId('nav-jobs').click();
    await expect(this.root).toBeVisible();
    return this;
  }

  job(name: string): Locator {
    return this.root
      .getByTestId('job-row')
      .filter({ has: this.page.getByTestId('job-row-name').filter({ hasText: name }) });
  }

  async create(fields: NewJobFields): Promise<void> {
    await this.root.getByTestId('job-new').click();
    const editor = this.root.getByTestId('job-editor');
    await editor.getByTestId('job-name').fill(fields.name);
    await editor.getByTestId('job-agent').selectOption(fields.agentId);
    await editor.getByTestId('job-instruction').fill(fields.instruction);
    await editor.getByTestId('job-trigger').selectOption(fields.trigger);
    if (fields.folder !== undefined) await editor.getByTestId('job-folder').fill(fields.folder);
    if (fields.requireTool) await editor.getByTestId('job-require-tool').check();
    if (fields.maxToolRounds !== undefined)
      await editor.getByTestId('job-max-tool-rounds').fill(String(fields.maxToolRounds));
  }

  async save(): Promise<void> {
    await this.root.getByTestId('job-save').click();
    await expect(this.root.getByTestId('job-editor')).toBeHidden();
  }

  /** Run history rows, newest first. */
  runs(): Locator {
    return this.root.getByTestId('run-row');
  }

  /** Opens a run's detail (trigger, status, note/task links, transcript). */
  async openRun(row: Locator): Promise<Locator> {
    await row.click();
    const detail = this.root.getByTestId('run-detail');
    await expect(detail).toBeVisible();
    return detail;
  }

  /** The sidebar's count of runs waiting for an approval (shown on every screen). */
  get inboxBadge(): Locator {
    return this.page.getByTestId('inbox-badge');
  }

  inboxItem(jobName: string): Locator {
    return this.root.getByTestId('inbox-item').filter({ hasText: jobName });
  }

  async respond(jobName: string, decision: 'approve' | 'deny'): Promise<void> {
    await this.inboxItem(jobName).getByTestId(`inbox-${decision}`).click();
    await expect(this.inboxItem(jobName)).toHaveCount(0);
  }
}
