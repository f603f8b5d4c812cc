/**
 * `npm test`: build, typecheck, lint, Electronegativity, unit tests, the Chromium e2e against the built
 * headless host, then the fault suite alongside the offline e2e (part of the e2e specs, run only there, inside a
 * loopback-only network namespace). Ends with one line `tests: N passed, N failed, N skipped` summed over Vitest
 * and Playwright.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, ROOT } from './lib/buildState';
import { ensureChromium } from './lib/chromium';
import { offlinePreflight } from './offline/preflight';

const CACHE = path.join(ROOT, '.cache');
const VITEST_REPORT = path.join(CACHE, 'vitest-report.json');
const PLAYWRIGHT_REPORT = path.join(ROOT, 'e2e', 'artifacts', 'report.json');
const OFFLINE_REPORT = path.join(CACHE, 'offline', 'report.json');
const FAULTS_LOG = path.join(CACHE, 'faults.log');

interface Counts {
  /** Passed only on a retry (Playwright's "flaky"): counted as passed, and named in the summary. */
  flaky?: number;
  passed: number;
  failed: number;
  skipped: number;
}

/** Wall time of each step, printed at the end: where `npm test`'s minutes go, run after run. */
const stepTimes: string[] = [];
function timed<T>(label: string, started: number, value: T): T {
  stepTimes.push(`${label} ${Math.round((performance.now() - started) / 1000)} s`);
  return value;
}

function run(label: string, command: string, args: string[]): boolean {
  console.log(`\n── ${label} ──`);
  const started = performance.now();
  const bin = path.join(ROOT, 'node_modules', '.bin', command);
  const result = spawnSync(bin, args, { cwd: ROOT, stdio: 'inherit' });
  return timed(label, started, result.status === 0);
}

/** Starts a step whose output goes to `log` (printed by the caller once it ends); resolves with its success. */
function runInBackground(command: string, args: string[], log: string): Promise<boolean> {
  const out = fs.openSync(log, 'w');
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', command), args, {
    cwd: ROOT,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return new Promise((resolve) => {
    child.once('error', (error) => {
      fs.appendFileSync(log, `\n${String(error)}\n`);
      resolve(false);
    });
    child.once('close', (code) => resolve(code === 0));
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function vitestCounts(): Counts | null {
  const r = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
    VITEST_REPORT,
  );
  return r && { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(report: string): Counts | null {
  const r = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(report);
  return (
    r && {
      passed: r.stats.expected + r.stats.flaky,
      flaky: r.stats.flaky,
      failed: r.stats.unexpected,
      skipped: r.stats.skipped,
    }
  );
}

/** Every e2e spec file, relative to the root: Playwright takes them as filters. */
function e2eSpecFiles(): string[] {
  const dir = path.join(ROOT, 'e2e', 'specs');
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.spec.ts'))
    .map((entry) => path.posix.join('e2e/specs', entry.split(path.sep).join('/')))
    .sort();
}

fs.mkdirSync(CACHE, { recursive: true });
for (const file of [VITEST_REPORT, PLAYWRIGHT_REPORT, OFFLINE_REPORT]) fs.rmSync(file, { force: true });

const failures: string[] = [];
const testStarted = performance.now();
console.log('── build ──');
try {
  timed('build', testStarted, build());
} catch (error) {
  console.error(String(error));
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
// Static checks are single-threaded and independent: run together, they use both cores; output in order.
const checks: [label: string, command: string, args: string[]][] = [
  ['typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'eslint', ['.']],
  ['catalog', 'tsx', ['scripts/validate-catalog.ts']],
  ['electronegativity', 'tsx', ['scripts/security/electronegativity.ts']],
];
const checksStarted = performance.now();
const checkResults = await Promise.all(
  checks.map(([label, command, args]) =>
    runInBackground(command, args, path.join(CACHE, `${label}.log`)).then((ok) => timed(label, checksStarted, ok)),
  ),
);
checks.forEach(([label], i) => {
  console.log(`\n── ${label} ──`);
  process.stdout.write(fs.readFileSync(path.join(CACHE, `${label}.log`), 'utf8'));
  if (!checkResults[i]) failures.push(label);
});
if (
  !run('unit (vitest)', 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile=${VITEST_REPORT}`])
) {
  failures.push('unit');
}
const chromiumProblem = ensureChromium();
// Needs root, unshare, ip and strace; CI has them (.ci/run). Elsewhere it says why it cannot run.
// A representative subset (every screen, a chat with tools and approvals, offline mode) keeps CI in budget;
// `npm run test:offline` with no arguments runs the whole suite.
const OFFLINE_SPECS = ['navigation', 'chat', 'offline'].map((name) => `e2e/specs/${name}.spec.ts`);
const offlineProblem = chromiumProblem ?? offlinePreflight();
// Where the offline run can go, its specs run there only (same assertions, plus the connect() trace), not twice.
const e2eFilter = offlineProblem ? [] : e2eSpecFiles().filter((file) => !OFFLINE_SPECS.includes(file));
if (chromiumProblem) {
  console.error(chromiumProblem);
  failures.push('e2e (no browser)');
} else if (!run('e2e (playwright)', 'playwright', ['test', '-c', 'e2e/playwright.config.ts', ...e2eFilter])) {
  failures.push('e2e');
}
// The fault suite and the offline e2e mostly wait on hosts and browsers: they share the two cores well.
const faultsStarted = performance.now();
const faults = runInBackground('vitest', ['run', '-c', 'scripts/faults/vitest.config.ts'], FAULTS_LOG).then((ok) =>
  timed('faults', faultsStarted, ok),
);
if (!chromiumProblem && !run('offline e2e (network namespace)', 'tsx', ['scripts/offline/run.ts', ...OFFLINE_SPECS])) {
  failures.push('offline e2e');
}
const faultsPassed = await faults;
console.log('\n── faults (ran alongside the offline e2e) ──');
process.stdout.write(fs.readFileSync(FAULTS_LOG, 'utf8'));
if (!faultsPassed) failures.push('faults');

const unit = vitestCounts() ?? { passed: 0, failed: 0, skipped: 0 };
const online = playwrightCounts(PLAYWRIGHT_REPORT) ?? { passed: 0, failed: 0, skipped: 0 };
const offline = playwrightCounts(OFFLINE_REPORT) ?? { passed: 0, failed: 0, skipped: 0 };
const e2e: Counts = {
  passed: online.passed + offline.passed,
  flaky: (online.flaky ?? 0) + (offline.flaky ?? 0),
  failed: online.failed + offline.failed,
  skipped: online.skipped + offline.skipped,
};
// A failed step whose tests are counted adds nothing; the offline run also fails on a traced outbound connect.
const counted = new Set(['unit', 'e2e', ...(offline.failed > 0 ? ['offline e2e'] : [])]);
const stepFailures = failures.filter((f) => !counted.has(f)).length;
timed('total', testStarted, null);
console.log(`\nsteps (wall): ${stepTimes.join(', ')}`);
console.log(`unit: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`);
console.log(
  `e2e: ${e2e.passed} passed${e2e.flaky ? ` (${e2e.flaky} only on retry: flaky)` : ''}, ${e2e.failed} failed, ${e2e.skipped} skipped` +
    ` (${offline.passed + offline.failed} of them in the offline run)`,
);
if (failures.length > 0) console.log(`failed steps: ${failures.join(', ')}`);
console.log(
  `tests: ${unit.passed + e2e.passed} passed, ${unit.failed + e2e.failed + stepFailures} failed, ${unit.skipped + e2e.skipped} skipped`,
);
process.exit(failures.length > 0 ? 1 : 0);
