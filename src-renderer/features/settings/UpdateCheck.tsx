import { useEffect, useState } from 'react';
import type { RouteName, UpdateStatus } from '@contract';
import { getBridge } from '../../bridge';
import { Button } from '../../components/Button';
import { updateStatusText } from './updateText';

type UpdateRoute = Extract<RouteName, 'updates.check' | 'updates.download' | 'updates.cancel' | 'updates.restart'>;

/** "Check for updates" → "Download" (Cancel while it runs) → "Restart to update": each step only when clicked; a build that cannot update says why. */
export function UpdateCheck() {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const bridge = getBridge();
    const off = bridge.on('updates.changed', setStatus);
    void bridge
      .request('updates.status', {})
      .then(setStatus)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return off;
  }, []);

  const run = async (route: UpdateRoute) => {
    setError(null);
    if (route === 'updates.check') setStatus((s) => (s ? { state: 'checking', currentVersion: s.currentVersion } : s));
    try {
      setStatus(await getBridge().request(route, {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const busy = status?.state === 'checking' || status?.state === 'downloading';
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button data-testid="settings-check-updates" disabled={busy} onClick={() => void run('updates.check')}>
        {status?.state === 'checking' ? 'Checking…' : 'Check for updates'}
      </Button>
      {status?.state === 'available' && (
        <Button data-testid="settings-download-update" onClick={() => void run('updates.download')}>
          Download {status.version}
        </Button>
      )}
      {status?.state === 'downloaded' && (
        <Button data-testid="settings-restart-update" onClick={() => void run('updates.restart')}>
          Restart to update
        </Button>
      )}
      {status?.state === 'downloading' && (
        <>
          <progress className="h-2 w-32" max={100} value={status.percent} aria-label="Update download" />
          <Button data-testid="settings-cancel-update" onClick={() => void run('updates.cancel')}>
            Cancel
          </Button>
        </>
      )}
      <p
        data-testid="update-status"
        data-state={status?.state ?? 'loading'}
        role="status"
        className="text-sm text-zinc-600 dark:text-zinc-400"
      >
        {error ?? (status ? updateStatusText(status) : '')}
      </p>
    </div>
  );
}
