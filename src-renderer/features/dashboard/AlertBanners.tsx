import type { ResourceAlert } from '@contract';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { monitoringStore, useMonitoringStore } from './monitoringStore';

// One shared empty list: a fresh [] per call would make the store selector loop forever.
const NO_ALERTS: ResourceAlert[] = [];

/** Resource alerts from the latest sample, each with its one-click fix. */
export function AlertBanners() {
  const alerts = useMonitoringStore((s) => s.sample?.alerts ?? NO_ALERTS);
  const degraded = useMonitoringStore((s) => s.sample?.degraded ?? null);
  const sampleError = useMonitoringStore((s) => (s.sample ? null : s.sampleError));
  const dismissed = useMonitoringStore((s) => s.dismissed);
  const acting = useMonitoringStore((s) => s.acting);
  const shown = alerts.filter((a) => !dismissed.includes(a.id));
  if (shown.length === 0 && !degraded && !sampleError) return null;
  return (
    <div className="space-y-2" data-testid="resource-alerts">
      {sampleError && (
        <Banner level="error" title="Resource readings are unavailable" data-testid="monitoring-error">
          {sampleError}
        </Banner>
      )}
      {degraded && (
        <Banner level="info" title="Some readings are missing from this sample" data-testid="monitoring-degraded">
          Outpost {degraded}; everything else below is current.
        </Banner>
      )}
      {shown.map((alert) => (
        <Banner
          key={alert.id}
          level={alert.level}
          title={alert.title}
          data-testid={`alert-${alert.id}`}
          onDismiss={() => monitoringStore.getState().dismiss(alert.id)}
          dismissLabel="Hide until it happens again"
        >
          <p>{alert.message}</p>
          {alert.action && (
            <Button
              className="mt-2"
              variant="primary"
              data-testid={`alert-${alert.id}-action`}
              disabled={acting !== null}
              onClick={() => alert.action && void monitoringStore.getState().runAction(alert.action)}
            >
              {acting === alert.action.modelId ? 'Working…' : alert.actionLabel}
            </Button>
          )}
        </Banner>
      ))}
    </div>
  );
}
