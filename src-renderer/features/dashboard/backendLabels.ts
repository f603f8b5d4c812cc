import type { GpuBackend } from '@contract';

export const BACKEND_LABELS: Record<GpuBackend, string> = {
  metal: 'Metal',
  cuda: 'CUDA',
  vulkan: 'Vulkan',
  cpu: 'CPU',
};

export const BACKEND_DESCRIPTIONS: Record<GpuBackend, string> = {
  metal: 'Apple GPUs on macOS',
  cuda: 'NVIDIA GPUs',
  vulkan: 'Most AMD, Intel and NVIDIA GPUs',
  cpu: 'Always works; slowest',
};
