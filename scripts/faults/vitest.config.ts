/** `npm run test:faults`: the fault suite, apart from the unit tests (slow, starts real hosts, may mount tmpfs). */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@core': r('../../src-main/core'),
      '@contract': r('../../src-preload/contract.ts'),
      '@renderer': r('../../src-renderer'),
    },
  },
  test: {
    root: r('../..'),
    include: ['scripts/faults/**/*.fault.ts'],
    pool: 'forks',
    // Fault tests start hosts and kill them: one file at a time keeps the 2-core machine usable.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
