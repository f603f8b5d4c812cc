/**
 * The resource monitor: while a client subscribes to the `monitoring` topic it samples every second while
 * someone watches the dashboard and every ten seconds otherwise, emits `monitoring.sample`, keeps live and per-minute history, raises alerts
 * and runs their one-click actions. One sample at a time: a slow read delays the next, never overlaps.
 */
import type { Database } from 'better-sqlite3';
import {
  OutpostError,
  type AlertAction,
  type HealthReport,
  type HistoryResult,
  type RendererReport,
  type ResourceSample,
  type Settings,
} from '@contract';
import type { Clock, EventSink, Logger } from '../ports';
import { computeAlerts } from './alerts';
import { healthReport, recentLatency } from './healthReport';
import { LiveHistory, toHistoryPoint } from './historyPoint';
import { HistoryStore } from './historyStore';
import type { ResourceSampler } from './resourceSampler';
import type { TokenMeter } from './tokenMeter';

export const WATCHING_INTERVAL_MS = 1_000;
export const BACKGROUND_INTERVAL_MS = 10_000;
/** A watcher that stops renewing (tab closed, socket dropped) falls back to slow sampling after this. */
export const WATCH_LEASE_MS = 30_000;
const LIVE_MINUTES = 15;
const LATENCY_WINDOW_MS = 15 * 60_000;

export interface AlertActions {
  isLoaded(modelId: string): boolean;
  loadedAt(modelId: string): number | null;
  unload(modelId: string): Promise<void>;
  /** Saves the smaller context in the model's load options and reloads it if it is loaded. */
  lowerContext(modelId: string, contextSize: number, signal: AbortSignal): Promise<void>;
}

export interface MonitoringDeps {
  db: Database;
  sampler: ResourceSampler;
  settings: () => Settings;
  actions: AlertActions;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  /** While tokens stream the monitor samples fast too, so the status bar's tokens/s stays current. */
  tokens?: TokenMeter;
  intervals?: { watchingMs: number; backgroundMs: number };
}

export class MonitoringService {
  private readonly live = new LiveHistory(Math.ceil((LIVE_MINUTES * 60_000) / WATCHING_INTERVAL_MS));
  private readonly store: HistoryStore;
  private latest: ResourceSample | null = null;
  private running: Promise<ResourceSample> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private watchUntil = 0;
  private renderer: { report: RendererReport; at: number } | null = null;
  private loopError = false;
  private looping = false;
  private wakeAfterRunning = false;
  private disposed = false;

  constructor(private readonly d: MonitoringDeps) {
    this.store = new HistoryStore(d.db, d.logger);
    d.tokens?.onBurst(() => this.wake());
  }

  /** Something changed (tokens started, the worker died): sample now instead of at the next tick. */
  wake(): void {
    if (this.running) this.wakeAfterRunning = true;
    else if (this.timer) this.schedule(0);
  }

  private watching(): boolean {
    return this.d.clock.now() < this.watchUntil;
  }

  /** The first sample waits one background interval: start-up stays cheap, and a UI asks for one on demand. */
  start(): void {
    this.looping = true;
    this.schedule(this.intervalMs());
  }

  /** Nobody shows samples: the timer stops (on-demand samples still work) until a viewer subscribes again. */
  stop(): void {
    this.looping = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Follows the `monitoring` topic: the first subscriber starts the loop with a sample now. */
  setSubscribed(subscribed: boolean): void {
    if (!subscribed) return this.stop();
    if (this.looping) return;
    this.looping = true;
    this.schedule(0);
  }

  intervalMs(): number {
    const { watchingMs, backgroundMs } = this.d.intervals ?? {
      watchingMs: WATCHING_INTERVAL_MS,
      backgroundMs: BACKGROUND_INTERVAL_MS,
    };
    return this.watching() || this.d.tokens?.streaming() ? watchingMs : backgroundMs;
  }

  /** Renderers renew `true` while the dashboard is open; `false` drops back to slow sampling at once. */
  setWatching(watching: boolean): { intervalMs: number } {
    const was = this.watching();
    this.watchUntil = watching ? this.d.clock.now() + WATCH_LEASE_MS : 0;
    if (watching && !was) this.schedule(0); // the first fast sample now, not in up to 10 s
    return { intervalMs: this.intervalMs() };
  }

  reportRenderer(report: RendererReport): void {
    this.renderer = { report, at: this.d.clock.now() };
  }

  rendererReport(): { report: RendererReport; at: number } | null {
    return this.renderer;
  }

  async current(): Promise<ResourceSample> {
    return this.latest ?? this.sampleNow();
  }

  history(minutes: number): HistoryResult {
    const from = this.d.clock.now() - minutes * 60_000;
    if (minutes <= LIVE_MINUTES) return { resolution: 'live', points: this.live.since(from) };
    return { resolution: 'minute', points: this.store.since(from) };
  }

  health(hours: number): HealthReport {
    return healthReport(this.d.db, this.d.clock.now() - hours * 3_600_000);
  }

  async runAction(action: AlertAction, signal: AbortSignal): Promise<ResourceSample> {
    const { actions, logger } = this.d;
    if (!actions.isLoaded(action.modelId) && action.kind === 'unloadModel') {
      throw new OutpostError('not_loaded', `Model ${action.modelId} is not loaded`, { modelId: action.modelId });
    }
    logger.info('running resource alert action', { ...action });
    if (action.kind === 'unloadModel') await actions.unload(action.modelId);
    else await actions.lowerContext(action.modelId, action.contextSize, signal);
    return this.sampleNow();
  }

  /** Takes a sample now (sharing one already running) and publishes it. */
  sampleNow(): Promise<ResourceSample> {
    this.running ??= this.takeSample().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    this.store.flush(this.d.clock.now());
  }

  private schedule(delayMs: number): void {
    if (this.disposed || !this.looping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sampleNow()
        .catch((error: unknown) => {
          if (!this.loopError) this.d.logger.error('resource sampling failed', { error: String(error) });
          this.loopError = true;
        })
        .finally(() => {
          const delay = this.wakeAfterRunning ? 0 : this.intervalMs();
          this.wakeAfterRunning = false;
          this.schedule(delay);
        });
    }, delayMs);
    this.timer.unref?.();
  }

  private async takeSample(): Promise<ResourceSample> {
    const body = await this.d.sampler.sample();
    const settings = this.d.settings();
    const sample: ResourceSample = {
      ...body,
      intervalMs: this.intervalMs(),
      alerts: computeAlerts(
        {
          ramUsedPercent: body.system.totalBytes > 0 ? (body.system.usedBytes / body.system.totalBytes) * 100 : 0,
          gpu: body.gpu,
          models: body.models,
          latency: this.latency(body.takenAt),
        },
        settings,
      ),
    };
    this.latest = sample;
    const point = toHistoryPoint(sample);
    this.live.push(point);
    this.store.add(point);
    if (!this.disposed) this.d.events.emit('monitoring.sample', sample);
    return sample;
  }

  /** Only requests served by the model as loaded now count: a reload with a smaller context starts fresh. */
  private latency(now: number) {
    try {
      const since = now - LATENCY_WINDOW_MS;
      const found = recentLatency(this.d.db, since);
      const loadedAt = found ? this.d.actions.loadedAt(found.modelId) : null;
      if (!found || loadedAt === null) return null; // an unloaded model's old latency is no longer actionable
      return loadedAt > since ? recentLatency(this.d.db, loadedAt) : found;
    } catch (error) {
      this.d.logger.warn('could not read recent latency', { error: String(error) });
      return null;
    }
  }
}
