import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { SCREEN_IDS, type ScreenId } from '../../src-renderer/lib/hashRoute';
import type { HeadlessHost } from '../fixtures/headlessHost';

// The app's own list, so a new screen is covered by the navigation spec without editing it here.
export const SCREENS = SCREEN_IDS;
export type ScreenName = ScreenId;

const SHOTS_DIR = path.resolve(import.meta.dirname, '../artifacts/screens');

/** The app frame: sidebar navigation, screens, banners. */
export class AppShell {
  constructor(
    readonly page: Page,
    readonly host: HeadlessHost,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(this.host.url);
    await expect(this.page.getByTestId('nav-chat')).toBeVisible();
    await this.appMounted();
  }

  /** The sidebar shows before React runs (prerendered into index.html); specs act on the app React rendered. */
  async appMounted(): Promise<void> {
    await expect(this.page.locator('html')).toHaveAttribute('data-first-screen', /^(cached|app|onboarding)$/);
  }

  navItem(name: ScreenName): Locator {
    return this.page.getByTestId(`nav-${name}`);
  }

  screen(name: ScreenName): Locator {
    return this.page.getByTestId(`screen-${name}`);
  }

  async goTo(name: ScreenName): Promise<Locator> {
    await this.navItem(name).click();
    const screen = this.screen(name);
    await expect(screen).toBeVisible();
    return screen;
  }

  async theme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }

  /**
   * Saves a full-page screenshot under e2e/artifacts/screens for people to look at. `wholeScreen`
   * grows the viewport to the screen's scroll height first: the main pane scrolls, not the page.
   */
  async screenshot(name: string, { wholeScreen = false }: { wholeScreen?: boolean } = {}): Promise<string> {
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    const file = path.join(SHOTS_DIR, `${name}.png`);
    const viewport = this.page.viewportSize();
    if (wholeScreen && viewport) {
      const overflow = await this.page.locator('#main-content').evaluate((el) => el.scrollHeight - el.clientHeight);
      await this.page.setViewportSize({ width: viewport.width, height: viewport.height + Math.max(0, overflow) });
    }
    try {
      await this.page.screenshot({ path: file, fullPage: true });
    } finally {
      if (wholeScreen && viewport) await this.page.setViewportSize(viewport);
    }
    return file;
  }
}
