import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './AppShell';

export interface OptionValues {
  gpuLayers?: string;
  contextSize?: string;
  threads?: string;
  batchSize?: string;
  parallelSequences?: string;
}

declare global {
  interface Window {
    __modelProgress?: number[];
  }
}

/** The Models screen: installed list, load options, loaded panel, test prompt. */
export class ModelsPage {
  readonly page: Page;

  constructor(private readonly app: AppShell) {
    this.page = app.page;
  }

  async open(): Promise<this> {
    await this.app.goTo('models');
    return this;
  }

  get rows(): Locator {
    return this.page.getByTestId('model-row');
  }

  row(modelId: string): Locator {
    return this.page.locator(`[data-testid="model-row"][data-model-id="${modelId}"]`);
  }

  loadedRow(modelId: string): Locator {
    return this.page.locator(`[data-testid="loaded-row"][data-model-id="${modelId}"]`);
  }

  get workerStatus(): Locator {
    return this.page.getByTestId('worker-status');
  }

  get addError(): Locator {
    return this.page.getByTestId('models-add-error');
  }

  async addModel(path: string, mode: 'copy' | 'link'): Promise<void> {
    await this.page.getByTestId('models-add-path').fill(path);
    await this.page.getByTestId('models-add-mode').selectOption(mode);
    await this.page.getByTestId('models-add-submit').click();
  }

  async openOptions(modelId: string): Promise<Locator> {
    const row = this.row(modelId);
    const toggle = row.getByTestId('model-options-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const form = row.getByTestId('model-options');
    await expect(form).toBeVisible();
    return form;
  }

  /** Fills the given option fields and saves them; waits for the core to confirm. */
  async saveOptions(modelId: string, values: OptionValues): Promise<void> {
    const form = await this.openOptions(modelId);
    for (const [field, value] of Object.entries(values)) await form.getByTestId(`opt-${field}`).fill(value);
    await form.getByTestId('opt-save').click();
    await expect(form.getByTestId('opt-saved')).toContainText('Saved');
  }

  /** Records every aria-valuenow the row's progress bar shows, from now on. */
  async recordProgress(): Promise<() => Promise<number[]>> {
    await this.page.evaluate(() => {
      const seen: number[] = [];
      window.__modelProgress = seen;
      const read = () => {
        for (const bar of document.querySelectorAll('[data-testid="model-progress"]')) {
          seen.push(Number(bar.getAttribute('aria-valuenow')));
        }
      };
      new MutationObserver(read).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuenow'],
      });
    });
    return () => this.page.evaluate(() => window.__modelProgress ?? []);
  }

  async load(modelId: string): Promise<void> {
    await this.row(modelId).getByTestId('model-load').click();
    await expect(this.loadedRow(modelId)).toBeVisible({ timeout: 60_000 });
  }

  async unload(modelId: string): Promise<void> {
    await this.row(modelId).getByTestId('model-unload').click();
    await expect(this.loadedRow(modelId)).toHaveCount(0);
  }

  /** Sends a test prompt and waits until the result's metrics are shown. */
  async runPrompt(text: string, maxTokens: number): Promise<void> {
    await this.page.getByTestId('prompt-maxTokens').fill(String(maxTokens));
    await this.page.getByTestId('prompt-input').fill(text);
    await this.page.getByTestId('prompt-send').click();
    await expect(this.page.getByTestId('prompt-metrics')).toBeVisible({ timeout: 60_000 });
  }

  get confirmDialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }
}
