/**
 * Desktop notifications for background runs: one when a run parks for approval, one when it fails. Clicking
 * one asks the app to open the Inbox (`runs.openInbox`). Where the host has none, nothing is shown and
 * `unavailable` says why.
 */
import type { Run } from '@contract';
import type { NotificationPort } from '../ports';

export const NO_DESKTOP_NOTIFICATIONS: NotificationPort = {
  unavailable: 'The headless host shows no desktop notifications; the Inbox badge counts waiting approvals',
  show: () => undefined,
};

export interface RunNotifierDeps {
  port: NotificationPort;
  jobName(jobId: string): string;
  openInbox(): void;
}

export class RunNotifier {
  /** The last status each open run was seen with, so a notification comes once per change. */
  private readonly seen = new Map<string, Run['status']>();

  constructor(private readonly d: RunNotifierDeps) {}

  runChanged(run: Run): void {
    const before = this.seen.get(run.id);
    if (run.status === 'waiting' || run.status === 'running' || run.status === 'waiting-for-approval') {
      this.seen.set(run.id, run.status);
    } else {
      this.seen.delete(run.id);
    }
    if (before === run.status) return;
    if (run.status === 'waiting-for-approval') {
      this.show(`${this.d.jobName(run.jobId)} needs your approval`, 'A background run is waiting in the Inbox.');
    } else if (run.status === 'failed') {
      const why = run.error?.message ?? run.reason ?? 'The run failed.';
      this.show(`${this.d.jobName(run.jobId)} failed`, why);
    }
  }

  private show(title: string, body: string): void {
    if (this.d.port.unavailable !== null) return;
    this.d.port.show({ title, body, onClick: () => this.d.openInbox() });
  }
}
