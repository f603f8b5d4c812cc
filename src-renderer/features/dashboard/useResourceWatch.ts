import { useEffect } from 'react';
import { getBridge } from '../../bridge';
import { monitoringStore } from './monitoringStore';

/** Renewed well inside the core's 30 s lease, so a closed tab falls back to slow sampling on its own. */
const RENEW_MS = 10_000;
const HEALTH_REFRESH_MS = 10_000;

/** While the dashboard is open: 1 s sampling, history for the charts, agent health kept fresh. */
export function useResourceWatch(): void {
  useEffect(() => {
    const bridge = getBridge();
    const watch = (watching: boolean) =>
      void bridge.request('monitoring.setWatching', { watching }).catch(() => undefined);
    const state = monitoringStore.getState();
    watch(true);
    void state.loadHistory();
    void state.loadHealth();
    const renew = setInterval(() => watch(true), RENEW_MS);
    const health = setInterval(() => void monitoringStore.getState().loadHealth(), HEALTH_REFRESH_MS);
    return () => {
      clearInterval(renew);
      clearInterval(health);
      watch(false);
    };
  }, []);
}
