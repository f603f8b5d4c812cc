/**
 * Builds one ResourceSample from the process table, the inference worker and the loaded models.
 * Each source fails on its own: what could not be read is marked, never shown as 0 or a stale number.
 */
import type {
  GpuSample,
  LoadedModel,
  ModelSample,
  ProcessSample,
  RendererReport,
  ResourceSample,
  WorkerStatus,
} from '@contract';
import type { InferenceEngine } from '../inference/engine';
import type { GpuInfo } from '../inference/protocol';
import type { HostProcessMetric, Logger } from '../ports';
import type { ProcessReading, StatsSource } from './processStats';
import type { TokenMeter } from './tokenMeter';

/** A headless renderer's self-report older than this is no longer shown. */
export const RENDERER_REPORT_TTL_MS = 30_000;
const GPU_READ_TIMEOUT_MS = 2_000;

export interface SamplerDeps {
  stats: StatsSource;
  engine: Pick<InferenceEngine, 'status' | 'gpuState'>;
  loadedModels: () => LoadedModel[];
  processMetrics?: () => HostProcessMetric[];
  rendererReport: () => { report: RendererReport; at: number } | null;
  tokens: TokenMeter;
  logger: Logger;
  now: () => number;
  mainPid: number;
  mainLabel: string;
}

export type SampleBody = Omit<ResourceSample, 'intervalMs' | 'alerts'>;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const running = (
  role: ProcessSample['role'],
  label: string,
  pid: number,
  reading: ProcessReading | undefined,
): ProcessSample => ({
  role,
  label,
  pid,
  state: reading ? 'running' : 'not-reported',
  rssBytes: reading?.rssBytes ?? null,
  cpuPercent: reading?.cpuPercent ?? null,
  jsHeapBytes: null,
  note: reading ? null : 'The OS did not report this process just now',
});

function workerRow(status: WorkerStatus, readings: Map<number, ProcessReading>): ProcessSample {
  const label = 'Inference worker';
  if (status.state === 'ready' && status.pid !== null)
    return running('worker', label, status.pid, readings.get(status.pid));
  const state = status.state === 'crashed' ? 'stopped' : status.state === 'ready' ? 'running' : status.state;
  const note =
    status.state === 'restarting'
      ? 'The worker exited; a new one is starting'
      : status.state === 'starting'
        ? 'Starting llama.cpp'
        : status.state === 'crashed'
          ? 'Stopped after repeated crashes; the next request starts it again'
          : 'Starts when a model is loaded';
  return { role: 'worker', label, pid: null, state, rssBytes: null, cpuPercent: null, jsHeapBytes: null, note };
}

function hostRow(m: HostProcessMetric): ProcessSample {
  const role = m.kind === 'other' ? 'utility' : m.kind;
  const reported = m.rssBytes !== null || m.cpuPercent !== null;
  return {
    role,
    label: m.label,
    pid: m.pid,
    state: reported ? 'running' : 'not-reported',
    rssBytes: m.rssBytes,
    cpuPercent: m.cpuPercent,
    jsHeapBytes: null,
    note: null,
  };
}

function headlessRendererRow(entry: { report: RendererReport; at: number } | null, now: number): ProcessSample {
  const fresh = entry && now - entry.at <= RENDERER_REPORT_TTL_MS ? entry.report : null;
  return {
    role: 'renderer',
    label: 'Interface (browser tab)',
    pid: null,
    state: fresh?.jsHeapUsedBytes != null ? 'running' : 'not-reported',
    rssBytes: null,
    cpuPercent: null,
    jsHeapBytes: fresh?.jsHeapUsedBytes ?? null,
    note:
      fresh?.jsHeapUsedBytes != null
        ? 'JS heap the tab reports; the browser owns its process'
        : 'Not reported: the interface runs in a browser tab that is not an Outpost process',
  };
}

function modelRows(models: LoadedModel[], status: WorkerStatus): ModelSample[] {
  const workerDown = status.state === 'restarting' || status.state === 'crashed';
  return models.map((m) => ({
    modelId: m.modelId,
    state: workerDown ? 'restarting' : m.busySequences > 0 ? 'generating' : 'loaded',
    ramBytes: m.ramBytes,
    vramBytes: m.vramBytes,
    contextSize: m.contextSize,
    parallelSequences: m.parallelSequences,
    busySequences: m.busySequences,
    lastUsedAt: m.lastUsedAt,
    ...(m.predictions ? { predictions: m.predictions } : {}),
  }));
}

export class ResourceSampler {
  private readonly warned = new Set<string>();

  constructor(private readonly d: SamplerDeps) {}

  async sample(): Promise<SampleBody> {
    const { d } = this;
    const problems: string[] = [];
    const fail = (what: string, error: unknown) => {
      problems.push(what);
      if (this.warned.has(what)) return; // logged once per kind, not once per second
      this.warned.add(what);
      d.logger.warn(`resource sampler: ${what}`, { error: String(error) });
    };
    const status = d.engine.status();
    const hostMetrics = this.hostMetrics(fail);
    const workerPid = status.state === 'ready' ? status.pid : null;
    const pids = [d.mainPid, ...(workerPid !== null ? [workerPid] : [])];
    const [readings, system, gpu] = await Promise.all([
      d.stats.processes(pids).catch((error: unknown) => (fail('could not read process stats', error), new Map())),
      d.stats.system().catch((error: unknown) => (fail('could not read system memory', error), null)),
      this.gpu(status, fail),
    ]);

    const processes: ProcessSample[] = [running('main', d.mainLabel, d.mainPid, readings.get(d.mainPid))];
    processes.push(workerRow(status, readings));
    if (hostMetrics) {
      for (const m of hostMetrics) if (!pids.includes(m.pid) && m.kind !== 'main') processes.push(hostRow(m));
    } else {
      processes.push(headlessRendererRow(d.rendererReport(), d.now()));
    }
    const models = modelRows(d.loadedModels(), status);
    const totalBytes = system?.totalBytes ?? 0;
    const availableBytes = system?.availableBytes ?? 0;
    return {
      takenAt: d.now(),
      system: {
        totalBytes,
        availableBytes,
        usedBytes: Math.max(0, totalBytes - availableBytes),
        cpuPercent: system?.cpuPercent ?? null,
        cores: system?.cores ?? 1,
      },
      app: {
        rssBytes: processes.reduce((sum, p) => sum + (p.rssBytes ?? 0), 0),
        cpuPercent: processes.reduce((sum, p) => sum + (p.cpuPercent ?? 0), 0),
      },
      processes,
      gpu,
      models,
      generation: {
        active: models.reduce((n, m) => n + m.busySequences, 0),
        tokensPerSecond: d.tokens.take(),
      },
      degraded: problems.length > 0 ? problems.join('; ') : null,
    };
  }

  private hostMetrics(fail: (what: string, error: unknown) => void): HostProcessMetric[] | null {
    if (!this.d.processMetrics) return null;
    try {
      return this.d.processMetrics();
    } catch (error) {
      fail('the shell did not report its processes', error);
      return [];
    }
  }

  private async gpu(status: WorkerStatus, fail: (what: string, error: unknown) => void): Promise<GpuSample> {
    const names = await this.d.stats.gpuNames().catch(() => []);
    const notReported = (reason: string): GpuSample => ({
      state: 'not-reported',
      backend: status.backend,
      names: status.gpu?.names.length ? status.gpu.names : names,
      reason,
    });
    if (status.state !== 'ready') return notReported('VRAM not reported: no inference worker is running');
    if (status.backend === 'cpu' || !this.d.engine.gpuState) {
      return notReported('VRAM not reported by this backend (CPU)');
    }
    let info: GpuInfo | null;
    try {
      info = await withTimeout(this.d.engine.gpuState(), GPU_READ_TIMEOUT_MS, 'VRAM reading');
    } catch (error) {
      fail('could not read VRAM', error);
      return notReported('VRAM not reported: the worker did not answer');
    }
    if (!info || info.vramTotalBytes <= 0) return notReported(`VRAM not reported by this backend (${status.backend})`);
    const freeBytes = Math.min(info.vramFreeBytes, info.vramTotalBytes);
    return {
      state: 'reported',
      backend: status.backend ?? 'unknown',
      names: info.names,
      totalBytes: info.vramTotalBytes,
      freeBytes,
      usedBytes: info.vramTotalBytes - freeBytes,
    };
  }
}
