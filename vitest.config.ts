import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { sharedProcessTestFiles } from './scripts/lib/testIsolation';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const include = [
  'src-main/**/*.test.ts',
  'src-preload/**/*.test.ts',
  'src-renderer/**/*.test.{ts,tsx}',
  'scripts/**/*.test.ts',
];
// Pure files share one process per Vitest worker (no re-import per file); see scripts/lib/testIsolation.ts.
const shared = sharedProcessTestFiles(r('.'));

export default defineConfig({
  resolve: {
    alias: {
      '@core': r('./src-main/core'),
      '@contract': r('./src-preload/contract.ts'),
      '@renderer': r('./src-renderer'),
    },
  },
  test: {
    // node-llama-cpp loads native models; keep workers few on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'shared', include: shared, isolate: false } },
      { extends: true, test: { name: 'isolated', include, exclude: [...configDefaults.exclude, ...shared] } },
    ],
  },
});
