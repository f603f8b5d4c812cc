/**
 * The frame prerendered into index.html is the app's first render: React hydrates it in place, so the sidebar
 * a user already sees (and may be pointing at) stays the same element, and hydration finds nothing to repair.
 */
import { expect, test } from '../fixtures/test';

// Tags every prerendered sidebar link before any app script runs; React replacing one would drop its tag.
const TAG_PRERENDERED = () => {
  document.addEventListener('DOMContentLoaded', () => {
    for (const link of document.querySelectorAll<HTMLElement>('[data-static-shell] [data-testid^="nav-"]'))
      (link as HTMLElement & { prerendered?: boolean }).prerendered = true;
  });
};

const untaggedNavLinks = () =>
  [...document.querySelectorAll<HTMLElement>('[data-testid^="nav-"]')]
    .filter((link) => !(link as HTMLElement & { prerendered?: boolean }).prerendered)
    .map((link) => link.dataset.testid);

test('React hydrates the prerendered frame: same sidebar elements, no hydration errors', async ({ app, page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.addInitScript(TAG_PRERENDERED);
  await app.open();
  await expect(app.navItem('chat')).toHaveAttribute('aria-current', 'page'); // React owns the link now
  expect(await page.evaluate(untaggedNavLinks)).toEqual([]);
  await expect(app.screen('chat')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a deep link hydrates the same frame, then marks its own screen', async ({ app, page, host }) => {
  await page.addInitScript(TAG_PRERENDERED);
  await page.goto(`${host.url}#/models`);
  await app.appMounted();
  await expect(app.screen('models')).toBeVisible();
  await expect(app.navItem('models')).toHaveAttribute('aria-current', 'page');
  await expect(app.navItem('chat')).not.toHaveAttribute('aria-current', 'page');
  expect(await page.evaluate(untaggedNavLinks)).toEqual([]);
});
