import os from 'node:os';
import type { GpuBackend, SystemSnapshot } from '@contract';

type BackendSupport = SystemSnapshot['backends'][number];

/** Which GPU backends node-llama-cpp can use here; asks its binary index, loads no model. */
export async function detectBackends(): Promise<BackendSupport[]> {
  const { getLlamaGpuTypes } = await import('node-llama-cpp');
  const [supported, valid] = await Promise.all([getLlamaGpuTypes('supported'), getLlamaGpuTypes('allValid')]);
  const gpuBackends = ['metal', 'cuda', 'vulkan'] as const satisfies readonly GpuBackend[];
  return [
    ...gpuBackends.map((backend): BackendSupport => {
      const available = supported.includes(backend);
      const reason = available
        ? null
        : valid.includes(backend)
          ? 'no driver or runtime libraries found on this machine'
          : `not available on ${process.platform}/${process.arch}`;
      return { backend, available, reason };
    }),
    { backend: 'cpu', available: true, reason: null },
  ];
}

export function readCpuAndMemory(): Pick<SystemSnapshot, 'cpu' | 'memory'> {
  const cpus = os.cpus();
  return {
    cpu: {
      model: cpus[0]?.model.trim() || 'unknown CPU',
      cores: Math.max(1, os.availableParallelism?.() ?? cpus.length),
      arch: process.arch,
    },
    // os.freemem() is MemAvailable on Linux, so page cache counts as free, as users expect.
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
  };
}

/** Backend support cannot change while the app runs, so it is detected once and shared. */
export function createSystemProbe(now: () => number) {
  let backends: Promise<BackendSupport[]> | null = null;
  return {
    async snapshot(): Promise<SystemSnapshot> {
      backends ??= detectBackends().catch((error: unknown) => {
        backends = null;
        throw error;
      });
      return { ...readCpuAndMemory(), backends: await backends, takenAt: now() };
    },
  };
}
