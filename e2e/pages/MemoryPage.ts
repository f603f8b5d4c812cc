import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './AppShell';

/** The Memory inspector: scope picker, facts list with edit/pin/delete, recall preview, embedding settings. */
export class MemoryPage {
  readonly page: Page;
  readonly root: Locator;

  constructor(readonly app: AppShell) {
    this.page = app.page;
    this.root = app.page.getByTestId('screen-memory');
  }

  async open(): Promise<this> {
    await this.page.getByTestId('nav-memory').click();
    await expect(this.root).toBeVisible();
    return this;
  }

  async chooseScope(agentId: string): Promise<void> {
    await this.root.getByTestId('memory-scope').selectOption(agentId);
  }

  facts(): Locator {
    return this.root.getByTestId('memory-fact');
  }

  fact(text: string | RegExp): Locator {
    return this.facts().filter({ has: this.page.getByTestId('memory-fact-text').filter({ hasText: text }) });
  }

  async add(text: string, { pinned = false } = {}): Promise<void> {
    await this.root.getByTestId('memory-new-text').fill(text);
    if (pinned) await this.root.getByTestId('memory-new-pinned').check();
    await this.root.getByTestId('memory-add').click();
    await expect(this.fact(text)).toBeVisible();
  }

  async edit(from: string, to: string): Promise<void> {
    await this.fact(from).getByTestId('memory-edit').click();
    await this.root.getByTestId('memory-edit-input').fill(to);
    await this.root.getByTestId('memory-edit-save').click();
    await expect(this.fact(to)).toBeVisible();
  }

  async recall(query: string): Promise<Locator> {
    await this.root.getByTestId('memory-recall-query').fill(query);
    await this.root.getByTestId('memory-recall-run').click();
    const result = this.root.getByTestId('memory-recall-result');
    await expect(result).toBeVisible();
    return result;
  }

  async search(query: string): Promise<void> {
    await this.root.getByTestId('memory-search').fill(query);
  }

  /** Clicks Export and returns the downloaded JSON. */
  async exportJson(): Promise<{ path: string; data: { facts: { text: string; pinned: boolean }[] } }> {
    const download = this.page.waitForEvent('download');
    await this.root.getByTestId('memory-export').click();
    const file = await (await download).path();
    const fs = await import('node:fs');
    return { path: file, data: JSON.parse(fs.readFileSync(file, 'utf8')) };
  }

  async importFile(file: string): Promise<void> {
    await this.root.getByTestId('memory-import-file').setInputFiles(file);
  }

  async forgetEverything(): Promise<void> {
    await this.root.getByTestId('memory-forget').click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Forget everything' }).click();
  }
}
