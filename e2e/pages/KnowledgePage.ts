import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './AppShell';

/** The Knowledge screen: bases with indexing progress, sources, per-document status. */
export class KnowledgePage {
  readonly page: Page;
  readonly root: Locator;

  constructor(private readonly app: AppShell) {
    this.page = app.page;
    this.root = app.page.getByTestId('screen-knowledge');
  }

  async open(): Promise<this> {
    await this.app.goTo('knowledge');
    return this;
  }

  get bases(): Locator {
    return this.root.getByTestId('knowledge-base');
  }

  get detail(): Locator {
    return this.root.getByTestId('knowledge-detail');
  }

  get progressText(): Locator {
    return this.detail.getByTestId('knowledge-progress-text');
  }

  files(status?: 'indexed' | 'pending' | 'skipped' | 'failed'): Locator {
    const all = this.detail.getByTestId('knowledge-file');
    return status ? all.and(this.page.locator(`[data-status="${status}"]`)) : all;
  }

  file(name: string): Locator {
    return this.files().filter({ hasText: name });
  }

  /**
   * Creates a base over a folder. A folder nobody granted is refused first; the form then offers to grant it,
   * which this accepts (as a person would).
   */
  async create(name: string, folder: string): Promise<void> {
    const form = this.root.getByTestId('knowledge-create-form');
    await form.getByTestId('knowledge-name').fill(name);
    await form.getByTestId('source-kind').selectOption('folder');
    await form.getByTestId('source-path').fill(folder);
    await form.getByTestId('source-submit').click();
    await expect(form.getByTestId('source-error')).toContainText('not inside a granted folder');
    await form.getByTestId('source-grant').click();
    await expect(this.detail.getByTestId('knowledge-title')).toHaveText(name);
  }

  async waitUpToDate(files: number, timeout = 60_000): Promise<void> {
    await expect(this.detail.getByTestId('knowledge-progress')).toHaveAttribute('data-state', 'idle', { timeout });
    await expect(this.progressText).toContainText(`Up to date · ${files} / ${files} files`, { timeout });
  }
}
