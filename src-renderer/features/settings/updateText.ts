import type { UpdateStatus } from '@contract';

/** One sentence for the update status beside "Check for updates". */
export function updateStatusText(status: UpdateStatus): string {
  switch (status.state) {
    case 'unavailable':
      return `Not available in this build. ${status.message}`;
    case 'idle':
      return `Version ${status.currentVersion}. Outpost never checks on its own.`;
    case 'checking':
      return 'Checking the release feed…';
    case 'up-to-date':
      return `Version ${status.currentVersion} is the latest.`;
    case 'available':
      return `Version ${status.version} is available (you have ${status.currentVersion}).`;
    case 'failed':
      return `The update failed: ${status.message}`;
    case 'downloading':
      return `Downloading version ${status.version}… ${Math.round(status.percent)}%`;
    case 'downloaded':
      return `Version ${status.version} is downloaded and verified. Restart to update.`;
  }
}
