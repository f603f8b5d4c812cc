/** Wires the monitor to the rest of core; createCore calls this once. */
import type { Database } from 'better-sqlite3';
import type { Settings } from '@contract';
import type { InferenceEngine } from '../inference/engine';
import type { ModelLifecycle } from '../lifecycle/modelLifecycle';
import type { ModelRegistry } from '../models/modelRegistry';
import type { Clock, EventSink, HostProcessMetric, Logger } from '../ports';
import { MonitoringService, type AlertActions } from './monitoringService';
import { createStatsSource, type StatsSource } from './processStats';
import { ResourceSampler } from './resourceSampler';
import type { TokenMeter } from './tokenMeter';

export interface MonitoringWiring {
  db: Database;
  engine: InferenceEngine;
  lifecycle: ModelLifecycle;
  registry: ModelRegistry;
  settings: () => Settings;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  tokens: TokenMeter;
  processMetrics?: () => HostProcessMetric[];
  mainLabel: string;
  stats?: StatsSource;
  intervals?: { watchingMs: number; backgroundMs: number };
}

function alertActions(w: MonitoringWiring): AlertActions {
  const loaded = (id: string) => w.lifecycle.list().find((m) => m.modelId === id) ?? null;
  return {
    isLoaded: (id) => loaded(id) !== null,
    loadedAt: (id) => loaded(id)?.loadedAt ?? null,
    unload: (id) => w.lifecycle.unload(id, 'resource alert'),
    async lowerContext(id, contextSize, signal) {
      const model = w.registry.get(id);
      w.registry.setLoadOptions(id, { ...model.loadOptions, contextSize });
      w.events.emit('models.changed', w.registry.list());
      if (!loaded(id)) return;
      await w.lifecycle.unload(id, `context lowered to ${contextSize}`);
      await w.lifecycle.load(id, undefined, signal);
    },
  };
}

export function createMonitoring(w: MonitoringWiring): MonitoringService {
  let service: MonitoringService | null = null;
  const sampler = new ResourceSampler({
    stats: w.stats ?? createStatsSource(),
    engine: w.engine,
    loadedModels: () => w.lifecycle.list(),
    processMetrics: w.processMetrics,
    rendererReport: () => service?.rendererReport() ?? null,
    tokens: w.tokens,
    logger: w.logger,
    now: () => w.clock.now(),
    mainPid: process.pid,
    mainLabel: w.mainLabel,
  });
  service = new MonitoringService({
    db: w.db,
    sampler,
    settings: w.settings,
    actions: alertActions(w),
    events: w.events,
    logger: w.logger,
    clock: w.clock,
    tokens: w.tokens,
    intervals: w.intervals,
  });
  // A dying or restarting worker shows up in the next sample at once, not up to 10 s later.
  w.engine.onStatus(() => service?.wake());
  return service;
}
