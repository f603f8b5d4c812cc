import { expect, type Locator } from '@playwright/test';
import type { AppShell } from './AppShell';

/** One section of the Settings screen: `open()` goes to Settings and waits until the section shows. */
export abstract class SettingsSectionPage {
  constructor(
    protected readonly app: AppShell,
    private readonly sectionTestId: string,
  ) {}

  async open(): Promise<this> {
    await this.app.goTo('settings');
    await expect(this.section).toBeVisible();
    return this;
  }

  get section(): Locator {
    return this.app.page.getByTestId(this.sectionTestId);
  }
}
