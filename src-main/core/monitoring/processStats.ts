/**
 * The system-stats side of the sampler: pidusage for per-process RSS/CPU, systeminformation for
 * available memory, total CPU load and the OS's graphics adapters. Each reading fails soft.
 * Both libraries load on the first sample (systeminformation is ~100 modules), never at start-up.
 */
import os from 'node:os';
import type Pidusage from 'pidusage';
import type Si from 'systeminformation';

let pidusageModule: Promise<typeof Pidusage> | null = null;
let siModule: Promise<typeof Si> | null = null;
const loadPidusage = () => (pidusageModule ??= import('pidusage').then((m) => m.default));
const loadSi = () => (siModule ??= import('systeminformation').then((m) => m.default));

export interface ProcessReading {
  rssBytes: number;
  cpuPercent: number;
}

export interface SystemReading {
  totalBytes: number;
  availableBytes: number;
  cpuPercent: number | null;
  cores: number;
}

export interface StatsSource {
  processes(pids: number[]): Promise<Map<number, ProcessReading>>;
  system(): Promise<SystemReading>;
  gpuNames(): Promise<string[]>;
  /** Forget per-process CPU history (pidusage keeps some per pid). */
  dispose(): void;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** One pid at a time: a pid that just exited must not fail the readings of the others. */
async function readProcesses(pids: number[]): Promise<Map<number, ProcessReading>> {
  const pidusage = await loadPidusage();
  const settled = await Promise.allSettled(pids.map((pid) => pidusage(pid)));
  const result = new Map<number, ProcessReading>();
  settled.forEach((outcome, i) => {
    const pid = pids[i];
    if (pid === undefined || outcome.status !== 'fulfilled') return;
    const { memory, cpu } = outcome.value;
    if (finite(memory) && finite(cpu)) result.set(pid, { rssBytes: memory, cpuPercent: cpu });
  });
  return result;
}

async function readSystem(): Promise<SystemReading> {
  const si = await loadSi();
  const [mem, load] = await Promise.all([si.mem(), si.currentLoad().catch(() => null)]);
  const totalBytes = finite(mem.total) && mem.total > 0 ? mem.total : os.totalmem();
  // "available" counts reclaimable cache as free, like the OS's own monitors do.
  const availableBytes = finite(mem.available) && mem.available > 0 ? mem.available : os.freemem();
  return {
    totalBytes,
    availableBytes: Math.min(availableBytes, totalBytes),
    cpuPercent: load && finite(load.currentLoad) ? Math.min(100, load.currentLoad) : null,
    cores: Math.max(1, os.availableParallelism()),
  };
}

export function createStatsSource(): StatsSource {
  let names: Promise<string[]> | null = null;
  return {
    processes: readProcesses,
    system: readSystem,
    gpuNames() {
      // Listing adapters spawns OS tools (lspci, system_profiler): do it once per run.
      names ??= loadSi()
        .then((si) => si.graphics())
        .then((g) => g.controllers.map((c) => c.model || c.name || c.vendor).filter((n): n is string => Boolean(n)))
        .catch(() => []);
      return names;
    },
    dispose() {
      // Nothing to forget when no sample ever loaded it.
      if (pidusageModule) void loadPidusage().then((pidusage) => pidusage.clear());
    },
  };
}
