/**
 * Which unit test files may share one Vitest process instead of a fresh one each. Re-importing the module graph
 * per file was about half of `npx vitest run`'s time; a file that touches nothing process-wide loses nothing by
 * sharing. Anything that spawns, serves, patches globals or uses timers/env keeps its own process.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Roots searched for `*.test.ts(x)`, as in vitest.config.ts's include. */
export const UNIT_TEST_ROOTS = ['src-main', 'src-preload', 'src-renderer', 'scripts'];

/** Text that marks a test needing its own process: children, servers, workers, global patches, timers, env. */
const NEEDS_OWN_PROCESS = [
  'createCore',
  'CoreHarness',
  'Harness(',
  'createTestEngine',
  'createTestEmbeddings',
  'forkSpawner',
  'child_process',
  'spawn',
  'startOutpostNode',
  'worker_threads',
  'Worker(',
  'createServer',
  'Server(',
  'listen(',
  'freePort',
  'http',
  'node:net',
  'fetch',
  'useFakeTimers',
  'setInterval',
  'process.env',
  'process.on(',
  'vi.mock',
  'vi.stub',
  'globalThis',
];

export function needsOwnProcess(source: string): boolean {
  return NEEDS_OWN_PROCESS.some((marker) => source.includes(marker));
}

/** Test files under `root` (paths relative to it, `/`-separated) that may share a process. */
export function sharedProcessTestFiles(root: string): string[] {
  const files: string[] = [];
  for (const dir of UNIT_TEST_ROOTS) {
    const base = path.join(root, dir);
    if (!fs.existsSync(base)) continue;
    for (const entry of fs.readdirSync(base, { recursive: true, encoding: 'utf8' })) {
      if (!/\.test\.tsx?$/.test(entry) || entry.split(path.sep).includes('node_modules')) continue;
      const file = path.join(base, entry);
      if (!needsOwnProcess(fs.readFileSync(file, 'utf8')))
        files.push(path.relative(root, file).split(path.sep).join('/'));
    }
  }
  return files.sort();
}
