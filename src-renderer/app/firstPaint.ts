/**
 * The renderer's first script, before React loads: shows the app frame prerendered into index.html
 * (`staticShell.tsx`) in the cached appearance, so the page paints and its sidebar links work at once.
 * Kept tiny on purpose: everything it imports is in the first request, React and the stores are not.
 */
import { DEFAULT_SETTINGS } from '../../src-preload/contract/settingDefaults';
import { browserStorage, readFirstScreenHint } from '../features/onboarding/firstScreenHint';
import { applyAppearance, readCachedAppearance } from '../lib/theme';

/** Marks the prerendered frame inside #root (hidden until this script decides; React hydrates it in place). */
export const STATIC_SHELL_ATTRIBUTE = 'data-static-shell';

/** Not when this browser last showed the first-run guide: the guide comes with React, the app must not flash first. */
export function shouldShowStaticShell(storage: Pick<Storage, 'getItem'> | null): boolean {
  return readFirstScreenHint(storage)?.onboarding !== true;
}

export function paintFirstScreen(win: Window): void {
  const storage = browserStorage();
  const prefersDark = win.matchMedia('(prefers-color-scheme: dark)').matches;
  // The same choice startAppearance makes before core answers: the cached appearance, else the defaults.
  applyAppearance(win.document.documentElement, readCachedAppearance(storage) ?? DEFAULT_SETTINGS, prefersDark);
  const shell = win.document.querySelector<HTMLElement>(`[${STATIC_SHELL_ATTRIBUTE}]`);
  if (shell && shouldShowStaticShell(storage)) shell.hidden = false;
}

/** The window functions afterNextPaint uses (a plain object in tests). */
export type FrameScheduler = Pick<Window, 'requestAnimationFrame' | 'setTimeout'>;

/** A page that renders no frames (a background tab) still loads after this long. */
const NO_FRAME_FALLBACK_MS = 100;

/**
 * Runs `work` once after the browser had a chance to paint: React's chunk evaluates as one long task, and
 * started at once it would hold back the frame that shows the prerendered shell.
 */
export function afterNextPaint(scheduler: FrameScheduler, work: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    work();
  };
  // rAF runs before the paint; the timeout it queues runs after it.
  scheduler.requestAnimationFrame(() => scheduler.setTimeout(once, 0));
  scheduler.setTimeout(once, NO_FRAME_FALLBACK_MS);
}
