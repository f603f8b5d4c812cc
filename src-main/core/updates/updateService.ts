/**
 * "Check for updates" behind `updates.*`: judges each check by the update policy first (a headless host, a
 * checkout or offline mode answer `unavailable` with the reason), then asks the shell's updater once at a time.
 * A failed check is a status the user reads, never an exception at the route.
 */
import type { UpdateStatus } from '../../../src-preload/contract/updates';
import { OutpostError } from '@contract';
import type { Clock, EventSink, Logger, UpdaterPort } from '../ports';
import { RELEASE_FEED_ORIGIN, decideUpdateRequest } from './updatePolicy';

export interface UpdateServiceOptions {
  updater: UpdaterPort | undefined;
  shell: 'electron' | 'headless';
  currentVersion: string;
  isOffline: () => boolean;
  clock: Clock;
  logger: Logger;
  events: EventSink;
}

export class UpdateService {
  private last: UpdateStatus;
  private running: Promise<UpdateStatus> | null = null;
  private downloading: Promise<UpdateStatus> | null = null;
  private downloadAbort: AbortController | null = null;

  constructor(private readonly options: UpdateServiceOptions) {
    this.last = { state: 'idle', currentVersion: options.currentVersion };
  }

  /** Why a check cannot happen now, as a status; null when it may. */
  private refusal(): UpdateStatus | null {
    const decision = decideUpdateRequest(RELEASE_FEED_ORIGIN, {
      shell: this.options.shell,
      packaged: this.options.updater?.packaged ?? false,
      offlineMode: this.options.isOffline(),
    });
    if (decision.allowed) return null;
    const { reason, message } = decision;
    return { state: 'unavailable', currentVersion: this.options.currentVersion, reason, message };
  }

  status(): UpdateStatus {
    if (this.running) return { state: 'checking', currentVersion: this.options.currentVersion };
    // A finished download stays installable even if offline mode was switched on since: nothing more is fetched.
    if (this.last.state === 'downloaded') return this.last;
    return this.refusal() ?? this.last;
  }

  /** Downloads what the last check found; one download at a time, progress as `updates.changed`. */
  download(): Promise<UpdateStatus> {
    const { updater } = this.options;
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    if (this.downloading) return this.downloading;
    const last = this.last;
    if (last.state === 'downloaded') return Promise.resolve(last);
    if (last.state !== 'available' || !updater)
      return Promise.reject(new OutpostError('bad_request', 'No newer version to download: check for updates first.'));
    const controller = new AbortController();
    this.downloadAbort = controller;
    this.downloading = this.runDownload(updater, last, controller.signal).finally(() => {
      this.downloading = null;
      this.downloadAbort = null;
    });
    return this.downloading;
  }

  /** Stops a download in progress; the version it was fetching is `available` again. Nothing running: the status. */
  cancel(): Promise<UpdateStatus> {
    if (!this.downloading) return Promise.resolve(this.status());
    this.downloadAbort?.abort(new Error('update download cancelled'));
    return this.downloading;
  }

  /** Core is shutting down: a download in progress is cancelled and awaited. */
  async dispose(): Promise<void> {
    await this.cancel();
  }

  /** "Restart to update": only once a download finished. */
  restart(): UpdateStatus {
    const { updater } = this.options;
    if (this.last.state !== 'downloaded' || !updater)
      throw new OutpostError('bad_request', 'No downloaded update to install: download it first.');
    this.options.logger.info('restarting to install an update', { version: this.last.version });
    updater.restartToUpdate();
    return this.last;
  }

  private async runDownload(
    updater: UpdaterPort,
    found: Extract<UpdateStatus, { state: 'available' }>,
    signal: AbortSignal,
  ): Promise<UpdateStatus> {
    const { currentVersion, clock, logger } = this.options;
    const { version } = found;
    this.set({ state: 'downloading', currentVersion, version, percent: 0, transferredBytes: 0, totalBytes: 0 });
    const download = updater.download((p) => {
      if (signal.aborted) return; // a port still winding down after a cancel must not move the bar again
      const percent = Math.min(100, Math.max(0, p.percent));
      this.set({ state: 'downloading', currentVersion, version, ...p, percent });
    }, signal);
    download.catch(() => undefined); // settled below, or ignored once cancelled
    try {
      // A cancel answers at once, even from a port that is slow to honour the signal.
      await Promise.race([download, abortedPromise(signal)]);
      this.set({ state: 'downloaded', currentVersion, version });
    } catch (error) {
      if (signal.aborted) {
        logger.info('update download cancelled', { version });
        this.set(found);
      } else {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn('update download failed', { version, error: message });
        this.set({ state: 'failed', currentVersion, message, checkedAt: clock.now() });
      }
    }
    return this.last;
  }

  private set(status: UpdateStatus): void {
    this.last = status;
    this.options.events.emit('updates.changed', status);
  }

  /** One check at a time: a second click while checking waits for the same answer. */
  check(): Promise<UpdateStatus> {
    const { updater } = this.options;
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    // A download in progress or done is the newer news; checking again would forget it.
    if (this.downloading) return this.downloading;
    if (this.last.state === 'downloaded') return Promise.resolve(this.last);
    if (!updater) return Promise.resolve(this.last); // not reached: without an updater the policy refuses
    this.running ??= this.runCheck(updater).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runCheck(updater: UpdaterPort): Promise<UpdateStatus> {
    const { currentVersion, clock, logger } = this.options;
    try {
      const version = await updater.check({ isOffline: this.options.isOffline });
      this.set(
        version
          ? { state: 'available', currentVersion, version, checkedAt: clock.now() }
          : { state: 'up-to-date', currentVersion, checkedAt: clock.now() },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn('update check failed', { error: message });
      this.set({ state: 'failed', currentVersion, message, checkedAt: clock.now() });
    }
    return this.last;
  }
}

/** Rejects when `signal` aborts; never settles otherwise. */
function abortedPromise(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
