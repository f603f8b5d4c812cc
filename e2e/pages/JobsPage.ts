import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './AppShell';

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

  async create(fields: { name: string; agentId: string; instruction: string; trigger: string }): Promise<void> {
    await this.root.getByTestId('job-new').click();
    const editor = this.root.getByTestId('job-editor');
    await editor.getByTestId('job-name').fill(fields.name);
    await editor.getByTestId('job-agent').selectOption(fields.agentId);
    await editor.getByTestId('job-instruction').fill(fields.instruction);
    await editor.getByTestId('job-trigger').selectOption(fields.trigger);
  }

  async save(): Promise<void> {
    await this.root.getByTestId('job-save').click();
    await expect(this.root.getByTestId('job-editor')).toBeHidden();
  }

  runs(): Locator {
    return this.root.getByTestId('run-row');
  }
}
