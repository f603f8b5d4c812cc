/** Resource sampler, agent health and alerts (core/monitoring); it samples only while a client watches the topic. */
import type { InferenceEngine } from '../inference/engine';
import { createMonitoring } from '../monitoring/createMonitoring';
import type { MonitoringService } from '../monitoring/monitoringService';
import type { CoreBase } from './coreBase';
import type { ModelsPart } from './models';

export function composeMonitoring(base: CoreBase, engine: InferenceEngine, models: ModelsPart): MonitoringService {
  const { ports, settings, events } = base;
  const monitoring = createMonitoring({
    db: base.db,
    engine,
    lifecycle: models.lifecycle,
    registry: models.registry,
    settings: () => settings.get(),
    events,
    logger: base.logger,
    clock: base.clock,
    tokens: base.tokens,
    processMetrics: ports.processMetrics,
    mainLabel: ports.host.shell === 'electron' ? 'Outpost main' : 'Outpost host (headless)',
  });
  events.onWatch('monitoring', (watched) => monitoring.setSubscribed(watched));
  base.timings.mark('monitoring');
  return monitoring;
}
