import type { RendererReport } from '@contract';
import type { Bridge } from '../../bridge';
import type { MonitoringStore } from './monitoringStore';

const RENDERER_REPORT_MS = 10_000;

interface ChromiumMemory {
  usedJSHeapSize: number;
  jsHeapSizeLimit: number;
}

/** Chromium's non-standard performance.memory; null where the browser does not expose it. */
export function readRendererMemory(perf: Performance | undefined): RendererReport | null {
  const memory = (perf as (Performance & { memory?: ChromiumMemory }) | undefined)?.memory;
  if (!memory || !Number.isFinite(memory.usedJSHeapSize)) return null;
  return {
    jsHeapUsedBytes: Math.max(0, memory.usedJSHeapSize),
    jsHeapLimitBytes: Number.isFinite(memory.jsHeapSizeLimit) ? Math.max(0, memory.jsHeapSizeLimit) : null,
  };
}

/**
 * Keeps the monitoring store fed on every screen (the status bar needs it): sample events, a refresh
 * after a reconnect, and in headless mode the tab's own memory, since its process is not ours to read.
 */
export function startMonitoringSync(bridge: Bridge, store: MonitoringStore): () => void {
  let wasClosed = false;
  const unsubscribers = [
    bridge.on('monitoring.sample', (sample) => store.getState().receiveSample(sample)),
    bridge.onStatus((status) => {
      if (status.state === 'closed') wasClosed = true;
      if (status.state === 'open' && wasClosed) {
        wasClosed = false;
        void store.getState().refresh();
      }
    }),
  ];
  let timer: ReturnType<typeof setInterval> | null = null;
  if (bridge.kind === 'headless') {
    const report = () => {
      const memory = readRendererMemory(globalThis.performance);
      if (memory) void bridge.request('monitoring.reportRenderer', memory).catch(() => undefined);
    };
    report();
    timer = setInterval(report, RENDERER_REPORT_MS);
  }
  void store.getState().refresh();
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    if (timer) clearInterval(timer);
  };
}
