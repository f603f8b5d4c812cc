/**
 * When Outpost may look for a new version: only when the user asks, only in a packaged desktop app (a
 * checkout updates with git), never in offline mode, and only to the release feed over HTTPS through the
 * network guard's 'updates' purpose. The Electron adapter (src-main/electron/updates) obeys this.
 */
import type { UpdateRefusal } from '../../../src-preload/contract/updates';
import { decide } from '../net/networkPolicy';

export type { UpdateRefusal };

export interface UpdateContext {
  shell: 'electron' | 'headless';
  packaged: boolean;
  offlineMode: boolean;
}

export type UpdateDecision = { allowed: true } | { allowed: false; reason: UpdateRefusal; message: string };

const MESSAGES: Record<UpdateRefusal, string> = {
  'not-packaged': 'Updates apply to installed builds; a development checkout updates with git.',
  headless: 'The headless host does not update itself; update the installation it runs from.',
  'offline-mode': 'Offline mode is on: Outpost does not check for updates. Turn it off in Settings to check.',
  'not-https': 'The update feed must be served over HTTPS.',
  'blocked-by-guard': 'The network guard refused the update feed.',
};

const refuse = (reason: UpdateRefusal): UpdateDecision => ({ allowed: false, reason, message: MESSAGES[reason] });

/** Judges one update request (the feed, or a file it lists) before electron-updater opens a socket. */
export function decideUpdateRequest(url: string, context: UpdateContext): UpdateDecision {
  if (context.shell !== 'electron') return refuse('headless');
  if (!context.packaged) return refuse('not-packaged');
  if (context.offlineMode) return refuse('offline-mode');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('not-https');
  }
  if (parsed.protocol !== 'https:') return refuse('not-https');
  return decide(url, 'updates', context.offlineMode).allowed ? { allowed: true } : refuse('blocked-by-guard');
}

/** Where the release feed lives; a check is judged against it before electron-updater opens a socket. */
export const RELEASE_FEED_ORIGIN = 'https://github.com/';

/** electron-updater options Outpost always sets: nothing happens unless the user clicks. */
export const UPDATER_OPTIONS = {
  autoDownload: false,
  autoInstallOnAppQuit: false,
  allowPrerelease: false,
  allowDowngrade: false,
} as const;
