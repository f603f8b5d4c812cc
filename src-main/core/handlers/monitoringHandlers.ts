import type { MonitoringService } from '../monitoring/monitoringService';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface MonitoringServices {
  monitoring: MonitoringService;
}

export function monitoringHandlers({ monitoring }: MonitoringServices) {
  return {
    'monitoring.current': async () => monitoring.current(),
    'monitoring.setWatching': async ({ watching }) => monitoring.setWatching(watching),
    'monitoring.history': async ({ minutes }) => monitoring.history(minutes),
    'monitoring.health': async ({ hours }) => monitoring.health(hours),
    'monitoring.reportRenderer': async (report) => {
      monitoring.reportRenderer(report);
      return { accepted: true };
    },
    'monitoring.runAction': async ({ action }, ctx) => monitoring.runAction(action, ctx.signal),
  } satisfies DomainHandlers<'monitoring'>;
}
