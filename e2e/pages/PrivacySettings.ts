import { expect, type Locator } from '@playwright/test';
import type { AppShell } from './AppShell';

/** Settings → Privacy: the offline-mode switch. */
export class PrivacySettings {
  constructor(private readonly app: AppShell) {}

  get offlineMode(): Locator {
    return this.app.page.getByTestId('setting-offlineMode');
  }

  async setOfflineMode(on: boolean): Promise<void> {
    await this.app.goTo('settings');
    await this.offlineMode.setChecked(on);
    await expect(this.app.page.getByTestId('settings-saved')).toBeVisible();
    await expect(this.offlineMode).toBeChecked({ checked: on });
  }
}
