import { expect, type Locator } from '@playwright/test';
import type { AppShell } from './AppShell';

export class SettingsPage {
  constructor(private readonly app: AppShell) {}

  async open(): Promise<this> {
    await this.app.goTo('settings');
    return this;
  }

  get theme(): Locator {
    return this.app.page.getByTestId('setting-theme');
  }

  get fontSize(): Locator {
    return this.app.page.getByTestId('setting-fontSize');
  }

  get reduceMotion(): Locator {
    return this.app.page.getByTestId('setting-reduceMotion');
  }

  async setTheme(value: 'system' | 'light' | 'dark'): Promise<void> {
    await this.theme.selectOption(value);
    await expect(this.app.page.getByTestId('settings-saved')).toBeVisible();
  }

  async setFontSize(value: 'small' | 'medium' | 'large'): Promise<void> {
    await this.fontSize.selectOption(value);
    await expect(this.app.page.getByTestId('settings-saved')).toBeVisible();
  }
}
