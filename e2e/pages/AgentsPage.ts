import fs from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './AppShell';

/** The Agents screen: the card list with import/export, and the builder with its live preview. */
export class AgentsPage {
  readonly page: Page;

  constructor(private readonly app: AppShell) {
    this.page = app.page;
  }

  async open(): Promise<this> {
    await this.app.goTo('agents');
    return this;
  }

  get cards(): Locator {
    return this.page.getByTestId('agent-card');
  }

  card(id: string): Locator {
    return this.page.locator(`[data-testid="agent-card"][data-agent-id="${id}"]`);
  }

  get builder(): Locator {
    return this.page.getByTestId('agent-builder');
  }

  get confirmDialog(): Locator {
    return this.page.locator('[data-testid="confirm-dialog"][open]');
  }

  /** The inline error under a field, by its schema path (e.g. `sampling.topP`). */
  fieldError(path: string): Locator {
    return this.page.getByTestId(`error-agent-field-${path.replace(/[^A-Za-z0-9]+/g, '-')}`);
  }

  async newAgent(): Promise<void> {
    await this.page.getByTestId('agents-new').click();
    await expect(this.builder).toHaveAttribute('data-mode', 'create');
  }

  /** Types into a field and leaves it, which is when the builder validates it. */
  async fill(testId: string, value: string): Promise<void> {
    const field = this.page.getByTestId(testId);
    await field.fill(value);
    await field.blur();
  }

  async enableTool(name: string, permission: 'allow' | 'ask' | 'deny'): Promise<void> {
    const enable = this.page.getByTestId(`tool-enable-${name}`);
    if (!(await enable.isChecked())) await enable.check();
    await this.page.getByTestId(`tool-permission-${name}`).selectOption(permission);
  }

  async save(): Promise<void> {
    await this.page.getByTestId('builder-save').click();
    await expect(this.page.getByTestId('builder-saved')).toContainText('Saved as version');
  }

  async backToList(): Promise<void> {
    await this.page.getByTestId('builder-back').click();
    await expect(this.page.getByTestId('agent-list')).toBeVisible();
  }

  async edit(id: string): Promise<void> {
    await this.card(id).getByTestId('agent-edit').click();
    await expect(this.builder).toHaveAttribute('data-mode', 'edit');
  }

  /** Exports through the card's menu and returns the downloaded file's name and text. */
  async export(id: string, format: 'json' | 'yaml'): Promise<{ fileName: string; content: string }> {
    const card = this.card(id);
    await card.getByTestId('agent-more').locator('summary').click();
    const download = this.page.waitForEvent('download');
    await card.getByTestId(`agent-export-${format}`).click();
    const file = await download;
    const path = await file.path();
    return { fileName: file.suggestedFilename(), content: fs.readFileSync(path, 'utf8') };
  }

  async delete(id: string): Promise<Locator> {
    await this.card(id).getByTestId('agent-delete').click();
    await expect(this.confirmDialog).toBeVisible();
    return this.confirmDialog;
  }

  async import(files: string[]): Promise<void> {
    await this.page.getByTestId('agents-import-input').setInputFiles(files);
  }
}
