/**
 * "Check for updates" behind `updates.*`: judges each check by the update policy first (a headless host, a
 * checkout or offline mode answer `unavailable` with the reason), then asks the shell's updater once at a time.
 * A failed check is a status the user reads, never an exception at the route.
 */
import type { UpdateStatus } from '../../../src-preload/contract/updates';
import type { Clock, Logger, UpdaterPort } from '../ports';
import { RELEASE_FEED_ORIGIN, decideUpdateRequest } from './updatePolicy';

export interface UpdateServiceOptions {
  updater: UpdaterPort | undefined;
  shell: 'electron' | 'headless';
  currentVersion: string;
  isOffline: () => boolean;
  clock: Clock;
  logger: Logger;
}

export class UpdateService {
  private last: UpdateStatus;
  private running: Promise<UpdateStatus> | null = null;

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
    return this.refusal() ?? this.last;
  }

  /** One check at a time: a second click while checking waits for the same answer. */
  check(): Promise<UpdateStatus> {
    const { updater } = this.options;
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
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
      this.last = version
        ? { state: 'available', currentVersion, version, checkedAt: clock.now() }
        : { state: 'up-to-date', currentVersion, checkedAt: clock.now() };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn('update check failed', { error: message });
      this.last = { state: 'failed', currentVersion, message, checkedAt: clock.now() };
    }
    return this.last;
  }
}
