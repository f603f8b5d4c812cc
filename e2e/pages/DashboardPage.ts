import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './AppShell';

/** The Dashboard screen (live resources, model memory, agent health) and the status bar on every screen. */
export class DashboardPage {
  readonly page: Page;

  constructor(private readonly app: AppShell) {
    this.page = app.page;
  }

  async open(): Promise<this> {
    await this.app.goTo('dashboard');
    await expect(this.page.getByTestId('stat-tiles')).toBeVisible();
    return this;
  }

  /** The prompt cache card (shown once the inference worker runs with the cache on). */
  get promptCache(): Locator {
    return this.page.getByTestId('dashboard-prompt-cache');
  }

  tile(name: 'ram' | 'cpu' | 'vram' | 'app' | 'tps'): Locator {
    return this.page.getByTestId(`stat-${name}`);
  }

  chart(metric: 'ramUsedPercent' | 'cpuPercent' | 'vramUsedPercent' | 'tokensPerSecond'): Locator {
    return this.page.getByTestId(`chart-${metric}`);
  }

  /** How many points the chart draws right now (set by the chart itself on every update). */
  async chartPoints(metric: 'ramUsedPercent' | 'tokensPerSecond'): Promise<number> {
    return Number(await this.chart(metric).getAttribute('data-points'));
  }

  modelRow(modelId: string): Locator {
    return this.page.locator(`[data-testid="model-memory-row"][data-model-id="${modelId}"]`);
  }

  processRow(role: 'main' | 'worker' | 'renderer'): Locator {
    return this.page.locator(`[data-testid="process-row"][data-role="${role}"]`);
  }

  /** The pid the table shows for a process, or null when it shows none. */
  async pidOf(role: 'main' | 'worker'): Promise<number | null> {
    const text = (await this.processRow(role).getByTestId('process-pid').textContent())?.trim() ?? '';
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  healthRow(kind: 'agent' | 'model', key: string): Locator {
    return this.page.locator(`[data-testid="health-${kind}-row"][data-key="${key}"]`);
  }

  alert(id: 'ram-high' | 'vram-high' | 'slow-response'): Locator {
    return this.page.getByTestId(`alert-${id}`);
  }

  get statusBar(): Locator {
    return this.page.getByTestId('status-bar');
  }
}
