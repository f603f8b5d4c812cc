import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './AppShell';

declare global {
  interface Window {
    __downloadProgress?: Record<string, number[]>;
  }
}

/** The Catalog screen: machine strip, recommendations, model cards, downloads, search, packs. */
export class CatalogPage {
  readonly page: Page;

  constructor(private readonly app: AppShell) {
    this.page = app.page;
  }

  async open(): Promise<this> {
    await this.app.goTo('catalog');
    await expect(this.page.getByTestId('machine-strip')).toBeVisible();
    return this;
  }

  card(modelId: string): Locator {
    return this.page.locator(`[data-testid="catalog-card"][data-model-id="${modelId}"]`);
  }

  recommended(purpose: string): Locator {
    return this.page.locator(`[data-testid="catalog-recommended"][data-purpose="${purpose}"]`);
  }

  fit(modelId: string): Locator {
    return this.card(modelId).getByTestId('variant-fit');
  }

  async selectVariant(modelId: string, variantId: string): Promise<Locator> {
    const card = this.card(modelId);
    await card.getByTestId('variant-select').selectOption(variantId);
    await expect(card.getByTestId('variant-select')).toHaveValue(variantId);
    return card;
  }

  /** Picks the variant on its card and presses Download; returns that file's row in the downloads panel. */
  async startDownload(modelId: string, variantId: string, fileName: string): Promise<Locator> {
    const card = await this.selectVariant(modelId, variantId);
    await card.getByTestId('download-start').click();
    const row = this.downloadRow(fileName);
    await expect(row).toBeVisible();
    return row;
  }

  get downloadsPanel(): Locator {
    return this.page.getByTestId('downloads-panel');
  }

  downloadRow(fileName: string): Locator {
    return this.downloadsPanel.getByTestId('download-row').filter({ hasText: fileName });
  }

  /** Percent shown by a row's progress bar right now. */
  async percent(row: Locator): Promise<number> {
    return Number(await row.getByTestId('download-progress').getAttribute('aria-valuenow'));
  }

  /** Records every aria-valuenow a download row shows, from now on (the row may not exist yet). */
  async recordProgress(fileName: string): Promise<() => Promise<number[]>> {
    await this.page.evaluate((name) => {
      const seen: number[] = [];
      window.__downloadProgress = { ...window.__downloadProgress, [name]: seen };
      const read = () => {
        for (const row of document.querySelectorAll('[data-testid="download-row"]')) {
          if (!row.textContent?.includes(name)) continue;
          const bar = row.querySelector('[data-testid="download-progress"]');
          if (bar) seen.push(Number(bar.getAttribute('aria-valuenow')));
        }
      };
      new MutationObserver(read).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuenow'],
      });
    }, fileName);
    return () => this.page.evaluate((name) => window.__downloadProgress?.[name] ?? [], fileName);
  }

  get confirmDialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }

  async search(query: string): Promise<void> {
    await this.page.getByTestId('catalog-search-input').fill(query);
    await this.page.getByTestId('catalog-search-submit').click();
  }
}
