/** Shapes and pure helpers of the downloads store, kept apart so they can be tested without a bridge. */
import type { Download } from '@contract';
import type { ShownError } from '../lib/errors';

export type DownloadState = Download['state'];
export type DownloadAction = 'pause' | 'resume' | 'cancel';

/** States in which a download is moving or about to (the sidebar indicator shows these). */
export const ACTIVE_STATES: ReadonlySet<DownloadState> = new Set(['queued', 'downloading', 'verifying']);
/** States that still hold (or will write) a file: one of these blocks another start of the same variant. */
export const OPEN_STATES: ReadonlySet<DownloadState> = new Set([
  'queued',
  'downloading',
  'paused',
  'verifying',
  'failed',
]);

export interface DownloadsData {
  byId: Readonly<Record<string, Download>>;
  /** True once the first `downloads.list` arrived. */
  listed: boolean;
  listError: ShownError | null;
  /** Finished downloads the user closed in this window. */
  dismissed: readonly string[];
  /** Downloads that finished before this window opened are history; the Models screen has them. */
  sessionStartedAt: number;
  /** Per download: the action this window is waiting on. */
  busy: Readonly<Record<string, DownloadAction>>;
  /** Per download: the last failed action (e.g. resume refused because the file now exists). */
  actionErrors: Readonly<Record<string, ShownError>>;
  /** Per model: a start in flight. */
  starting: Readonly<Record<string, string>>;
  /** Per model: why the last start was refused. */
  startErrors: Readonly<Record<string, ShownError>>;
}

export interface DownloadsActions {
  /** Replaces everything with the core's list, e.g. at start and after a reconnect. */
  refresh(): Promise<void>;
  start(modelId: string, variantId: string): Promise<boolean>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  dismiss(id: string): void;
  dismissStartError(modelId: string): void;
  receive(download: Download): void;
}

export type DownloadsState = DownloadsData & DownloadsActions;

export const initialDownloadsData = (sessionStartedAt: number): DownloadsData => ({
  byId: {},
  listed: false,
  listError: null,
  dismissed: [],
  sessionStartedAt,
  busy: {},
  actionErrors: {},
  starting: {},
  startErrors: {},
});

/**
 * Keeps the newer of two snapshots of one download: events and request replies can cross on the wire,
 * and an older snapshot must never move a finished download back to "downloading".
 */
export function upsertDownload(
  byId: Readonly<Record<string, Download>>,
  incoming: Download,
): Readonly<Record<string, Download>> {
  const current = byId[incoming.id];
  if (current && current.updatedAt > incoming.updatedAt) return byId;
  return { ...byId, [incoming.id]: incoming };
}

export function byIdOf(downloads: readonly Download[]): Record<string, Download> {
  return Object.fromEntries(downloads.map((d) => [d.id, d]));
}

/** What the downloads panel lists: open ones, and this session's finished ones until dismissed; newest first. */
export function visibleDownloadIds(data: Pick<DownloadsData, 'byId' | 'dismissed' | 'sessionStartedAt'>): string[] {
  return Object.values(data.byId)
    .filter((d) => {
      if (d.state === 'cancelled' || data.dismissed.includes(d.id)) return false;
      return d.state !== 'done' || d.updatedAt >= data.sessionStartedAt;
    })
    .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id))
    .map((d) => d.id);
}

/** 0..1, or null when the total is unknown. */
export function progressOf(download: Pick<Download, 'receivedBytes' | 'totalBytes'>): number | null {
  const { receivedBytes, totalBytes } = download;
  if (totalBytes === null || totalBytes <= 0) return null;
  return Math.min(1, receivedBytes / totalBytes);
}

export interface ActiveSummary {
  count: number;
  /** Whole percent over all active downloads with a known size; null when none has one. */
  percent: number | null;
}

/** For the sidebar: how many downloads are moving, and how far along they are together. */
export function activeSummary(byId: Readonly<Record<string, Download>>): ActiveSummary {
  let count = 0;
  let received = 0;
  let total = 0;
  for (const d of Object.values(byId)) {
    if (!ACTIVE_STATES.has(d.state)) continue;
    count += 1;
    if (d.totalBytes !== null && d.totalBytes > 0) {
      received += Math.min(d.receivedBytes, d.totalBytes);
      total += d.totalBytes;
    }
  }
  return { count, percent: total > 0 ? Math.floor((received / total) * 100) : null };
}

/** The newest download of this variant that still holds a file, if any. */
export function openDownloadOf(
  byId: Readonly<Record<string, Download>>,
  modelId: string,
  variantId: string,
): Download | null {
  let found: Download | null = null;
  for (const d of Object.values(byId)) {
    if (d.modelId !== modelId || d.variantId !== variantId || !OPEN_STATES.has(d.state)) continue;
    if (!found || d.createdAt > found.createdAt) found = d;
  }
  return found;
}
