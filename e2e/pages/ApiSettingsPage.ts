import { expect, type Locator } from '@playwright/test';
import type { AppShell } from './AppShell';
import { SettingsSectionPage } from './SettingsSectionPage';

/** Settings → API server: turn it on, read the key it shows once, change the port. */
export class ApiSettingsPage extends SettingsSectionPage {
  constructor(app: AppShell) {
    super(app, 'api-section');
  }

  get enabled(): Locator {
    return this.app.page.getByTestId('api-enabled');
  }

  get key(): Locator {
    return this.app.page.getByTestId('api-key');
  }

  get url(): Locator {
    return this.app.page.getByTestId('api-url');
  }

  get log(): Locator {
    return this.app.page.getByTestId('api-log');
  }

  async setPort(port: number): Promise<void> {
    const input = this.app.page.getByTestId('api-port');
    await input.fill(String(port));
    await input.press('Enter');
    await expect(this.app.page.getByTestId('settings-saved')).toBeVisible();
  }

  /** Turns the API on and returns the key exactly as the UI shows it. */
  async enable(): Promise<{ key: string; baseUrl: string }> {
    // The box reflects the server's state, so it ticks once the server has started (not on the click itself).
    await this.enabled.click();
    await expect(this.enabled).toBeChecked({ timeout: 30_000 });
    await expect(this.app.page.getByTestId('api-copy-key')).toBeVisible();
    await this.app.page.getByTestId('api-copy-key').click();
    const key = (await this.key.textContent())?.trim() ?? '';
    const baseUrl = (await this.url.textContent())?.trim() ?? '';
    return { key, baseUrl };
  }
}
