import { z } from 'zod';

export const GpuBackend = z.enum(['metal', 'cuda', 'vulkan', 'cpu']);
export type GpuBackend = z.infer<typeof GpuBackend>;

export const BackendSupport = z.object({
  backend: GpuBackend,
  /** True when this build ships binaries for it and the platform can run it. */
  available: z.boolean(),
  reason: z.string().nullable(),
});

export const SystemSnapshot = z.object({
  cpu: z.object({
    model: z.string(),
    cores: z.number().int().positive(),
    arch: z.string(),
  }),
  memory: z.object({
    totalBytes: z.number().nonnegative(),
    freeBytes: z.number().nonnegative(),
  }),
  backends: z.array(BackendSupport),
  takenAt: z.number(),
});
export type SystemSnapshot = z.infer<typeof SystemSnapshot>;
