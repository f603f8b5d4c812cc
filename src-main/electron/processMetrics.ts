import { app } from 'electron';
import type { HostProcessMetric } from '../core/ports';

const KINDS: Record<string, HostProcessMetric['kind']> = {
  Browser: 'main',
  Tab: 'renderer',
  GPU: 'gpu',
  Utility: 'utility',
};

const LABELS: Record<HostProcessMetric['kind'], string> = {
  main: 'Outpost main',
  renderer: 'Interface (renderer)',
  gpu: 'GPU process',
  utility: 'Utility process',
  other: 'Helper process',
};

/** Electron's own process table for the resource monitor; workingSetSize is in KiB. */
export function electronProcessMetrics(): HostProcessMetric[] {
  return app.getAppMetrics().map((m) => {
    const kind = KINDS[m.type] ?? 'other';
    const kib = m.memory.workingSetSize;
    const cpu = m.cpu.percentCPUUsage;
    return {
      pid: m.pid,
      kind,
      label: m.name ?? m.serviceName ?? LABELS[kind],
      rssBytes: Number.isFinite(kib) && kib >= 0 ? kib * 1024 : null,
      cpuPercent: Number.isFinite(cpu) && cpu >= 0 ? cpu : null,
    };
  });
}
