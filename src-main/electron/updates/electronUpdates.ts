/**
 * Opt-in updates with electron-updater against the GitHub releases the release workflow drafts
 * (latest*.yml carries each installer's sha512, which electron-updater verifies before installing).
 * Every request of its session passes core's update policy (src-main/core/updates): nothing in offline
 * mode, nothing unless the user asked, HTTPS only.
 */
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { Logger, UpdateDownloadProgress } from '../../core/ports';
import { RELEASE_FEED_ORIGIN, UPDATER_OPTIONS, decideUpdateRequest } from '../../core/updates/updatePolicy';

export interface ElectronUpdates {
  /** The newer version on the feed, or null when this one is current. */
  check(): Promise<string | null>;
  /** `signal` cancels through electron-updater's CancellationToken (the download rejects with its CancellationError). */
  download(onProgress: (progress: UpdateDownloadProgress) => void, signal: AbortSignal): Promise<void>;
  /** "Restart to update": quits and installs the downloaded version. */
  restartToUpdate(): void;
}

export function createElectronUpdates(options: { isOffline: () => boolean; logger: Logger }): ElectronUpdates {
  const { autoUpdater } = electronUpdater;
  Object.assign(autoUpdater, UPDATER_OPTIONS);
  const context = () => ({ shell: 'electron' as const, packaged: app.isPackaged, offlineMode: options.isOffline() });
  // electron-updater talks through its own session: every request on it is judged by the policy first.
  autoUpdater.netSession.webRequest.onBeforeRequest((details, callback) => {
    const decision = decideUpdateRequest(details.url, context());
    if (!decision.allowed) options.logger.warn('update request refused', { url: details.url, reason: decision.reason });
    callback({ cancel: !decision.allowed });
  });

  const refuseUnlessAllowed = () => {
    const decision = decideUpdateRequest(RELEASE_FEED_ORIGIN, context());
    if (!decision.allowed) throw new Error(decision.message);
  };

  return {
    async check() {
      refuseUnlessAllowed();
      const result = await autoUpdater.checkForUpdates();
      return result?.isUpdateAvailable ? result.updateInfo.version : null;
    },
    async download(onProgress, signal) {
      refuseUnlessAllowed();
      signal.throwIfAborted();
      const listener = (p: { percent: number; transferred: number; total: number }) =>
        onProgress({ percent: p.percent, transferredBytes: p.transferred, totalBytes: p.total });
      const token = new electronUpdater.CancellationToken();
      const cancel = () => token.cancel();
      autoUpdater.on('download-progress', listener);
      signal.addEventListener('abort', cancel, { once: true });
      try {
        await autoUpdater.downloadUpdate(token);
      } finally {
        signal.removeEventListener('abort', cancel);
        autoUpdater.off('download-progress', listener);
      }
    },
    restartToUpdate() {
      autoUpdater.quitAndInstall(false, true);
    },
  };
}
