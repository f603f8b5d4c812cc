/** A valid ResourceSample for renderer tests; override what a test is about. */
import type { GpuSample, ResourceSample } from '@contract';

export function sampleFixture(
  patch: { usedBytes?: number; totalBytes?: number; gpu?: GpuSample } & Partial<ResourceSample> = {},
): ResourceSample {
  const { usedBytes = 2 * 1024 ** 3, totalBytes = 8 * 1024 ** 3, gpu, ...rest } = patch;
  return {
    takenAt: 1_000_000,
    intervalMs: 1_000,
    system: { totalBytes, usedBytes, availableBytes: totalBytes - usedBytes, cpuPercent: 12, cores: 2 },
    app: { rssBytes: 300 * 1024 ** 2, cpuPercent: 5 },
    processes: [],
    gpu: gpu ?? { state: 'not-reported', backend: 'cpu', names: [], reason: 'VRAM not reported by this backend (CPU)' },
    models: [],
    generation: { active: 0, tokensPerSecond: null },
    alerts: [],
    degraded: null,
    ...rest,
  };
}
