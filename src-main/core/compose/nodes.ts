/** Remote inference nodes and pools (core/nodes): agents reach them through the router, local ids pass through. */
import { createNodes } from '../nodes/createNodes';
import type { CoreBase } from './coreBase';
import type { ModelsPart } from './models';

export type NodesPart = ReturnType<typeof createNodes>;

export function composeNodes(base: CoreBase, models: ModelsPart): NodesPart {
  const { settings } = base;
  const part = createNodes({
    db: base.db,
    dbFile: base.dbFile,
    secrets: models.credentials,
    fetchFor: (purpose) => base.network.fetchFor(purpose),
    healthCheckSeconds: () => settings.get().nodeHealthCheckSeconds,
    local: models.lifecycle,
    events: base.events,
    clock: base.clock,
    logger: base.logger,
  });
  settings.onChange(() => part.checks.settingsChanged());
  return part;
}
