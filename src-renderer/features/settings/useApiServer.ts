import { useCallback, useEffect, useState } from 'react';
import type { ApiRequestEntry, ApiStatus } from '@contract';
import { getBridge } from '../../bridge';

const LOG_SIZE = 50;

/** API server status, the key shown once, and the live request log. */
export function useApiServer() {
  const [status, setStatus] = useState<ApiStatus | null>(null);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [requests, setRequests] = useState<ApiRequestEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setStatus(await getBridge().request('api.status', {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    const bridge = getBridge();
    void bridge
      .request('api.status', {})
      .then(setStatus)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    void bridge
      .request('api.requests', { limit: LOG_SIZE })
      .then(setRequests)
      .catch(() => undefined);
    const offRequest = bridge.on('api.request', (entry) => {
      setRequests((list) => [entry, ...list].slice(0, LOG_SIZE));
      void refresh();
    });
    // Port or LAN changes restart the server: re-read where it listens.
    const offSettings = bridge.on('settings.changed', () => void setTimeout(() => void refresh(), 300));
    return () => {
      offRequest();
      offSettings();
    };
  }, [refresh]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return {
    status,
    newKey,
    requests,
    error,
    busy,
    setEnabled: (enabled: boolean) =>
      run(async () => {
        const result = await getBridge().request('api.setEnabled', { enabled });
        setStatus(result.status);
        if (result.newKey) setNewKey(result.newKey);
      }),
    rotateKey: () =>
      run(async () => {
        const result = await getBridge().request('api.rotateKey', {});
        setStatus(result.status);
        setNewKey(result.key);
      }),
    refresh,
  };
}
