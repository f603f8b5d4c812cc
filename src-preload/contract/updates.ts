/** The `updates.*` routes: an opt-in "Check for updates" (see src-main/core/updates for the policy). */
import { z } from 'zod';
import { Empty } from './app';

/** Why this app cannot check right now: a headless host or a checkout never updates itself, offline mode stops it. */
export const UpdateRefusal = z.enum(['not-packaged', 'headless', 'offline-mode', 'not-https', 'blocked-by-guard']);
export type UpdateRefusal = z.infer<typeof UpdateRefusal>;

const base = { currentVersion: z.string() };
export const UpdateStatus = z.discriminatedUnion('state', [
  z.object({ ...base, state: z.literal('unavailable'), reason: UpdateRefusal, message: z.string() }),
  z.object({ ...base, state: z.literal('idle') }),
  z.object({ ...base, state: z.literal('checking') }),
  z.object({ ...base, state: z.literal('up-to-date'), checkedAt: z.number() }),
  z.object({ ...base, state: z.literal('available'), version: z.string(), checkedAt: z.number() }),
  z.object({ ...base, state: z.literal('failed'), message: z.string(), checkedAt: z.number() }),
  z.object({
    ...base,
    state: z.literal('downloading'),
    version: z.string(),
    percent: z.number().min(0).max(100),
    transferredBytes: z.number().nonnegative(),
    totalBytes: z.number().nonnegative(),
  }),
  /** Verified (sha512 from the release's latest*.yml) and ready: "Restart to update" installs it. */
  z.object({ ...base, state: z.literal('downloaded'), version: z.string() }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const updateRoutes = {
  /** What the last check found, or why checking is not possible in this build. Never contacts the feed. */
  'updates.status': { input: Empty, output: UpdateStatus },
  /** Asks the release feed now (user-started, through the network guard); answers with the new status. */
  'updates.check': { input: Empty, output: UpdateStatus },
  /** Downloads the version the last check found; progress arrives as `updates.changed`; answers once it is done. */
  'updates.download': { input: Empty, output: UpdateStatus },
  /** Stops a download in progress: the version it was fetching is `available` again. Nothing running: the status. */
  'updates.cancel': { input: Empty, output: UpdateStatus },
  /** "Restart to update": quits and installs the downloaded version (bad_request before a download finished). */
  'updates.restart': { input: Empty, output: UpdateStatus },
} as const;

export const updateEvents = {
  /** The status as it changes (checking, download progress, downloaded, failed), for Settings → About. */
  'updates.changed': UpdateStatus,
} as const;
