import { useEffect, useState } from 'react';
import type { UpdateStatus } from '@contract';
import { getBridge } from '../../bridge';
import { Button } from '../../components/Button';
import { updateStatusText } from './updateText';

/** "Check for updates": asks only when clicked; a build that cannot update itself says why. */
export function UpdateCheck() {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void getBridge()
      .request('updates.status', {})
      .then(setStatus)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  const check = async () => {
    setError(null);
    setStatus((s) => (s ? { state: 'checking', currentVersion: s.currentVersion } : s));
    try {
      setStatus(await getBridge().request('updates.check', {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button data-testid="settings-check-updates" disabled={status?.state === 'checking'} onClick={() => void check()}>
        {status?.state === 'checking' ? 'Checking…' : 'Check for updates'}
      </Button>
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
