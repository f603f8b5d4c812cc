/**
 * `npm run test:offline`: the Chromium e2e suite inside a network namespace that has only loopback
 * (`unshare -n`, as root), under strace. Passes when the suite passes AND no process — host, inference
 * worker, browser — tried to connect anywhere but loopback. Needs root, unshare, ip and strace.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { offlinePreflight } from './preflight';
import {
  inheritPrograms,
  isBrowserRouteProbe,
  isLocalAddress,
  parseConnects,
  type ConnectAttempt,
} from './straceConnects';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, '.cache', 'offline');
const TRACE = path.join(OUT, 'connect.trace');
const REPORT = path.join(OUT, 'report.json');
// The catalog spec deliberately runs a Hugging Face search: a user-started request to the internet. It is
// covered online by the normal e2e run; offline.spec.ts checks that offline mode stops it before a socket.
const USER_STARTED_INTERNET_TESTS = 'Hugging Face search';
/**
 * Extra flags for the test browser, through a wrapper that OUTPOST_CHROMIUM points Playwright at. The browser
 * stands in for Electron's renderer (whose requests the session blocks); these stop Chromium's own DNS probes.
 */
const BROWSER_FLAGS = [
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  '--disable-features=AsyncDns,DnsOverHttps',
  '--dns-prefetch-disable',
];

function browserWrapper(): string {
  const browser = process.env.OUTPOST_CHROMIUM ?? '/usr/bin/chromium';
  const wrapper = path.join(OUT, 'chromium');
  const quoted = [browser, ...BROWSER_FLAGS].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${quoted} "$@"\n`, { mode: 0o755 });
  return wrapper;
}

function runSuite(extraArgs: string[]): number {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const playwright = path.join(ROOT, 'node_modules', '.bin', 'playwright');
  const inner =
    'ip link set lo up && test "$(ip -o link | wc -l)" = 1 && ' +
    `exec strace -f --seccomp-bpf -qq -e trace=socket,connect,execve,clone,clone3,fork,vfork -o "${TRACE}" "$@"`;
  const args = [
    '-n',
    '--',
    'sh',
    '-c',
    inner,
    'offline-run',
    playwright,
    'test',
    '-c',
    'e2e/playwright.config.ts',
    '--project',
    'chromium',
    '--output',
    path.join(OUT, 'test-results'),
    '--reporter',
    'list,json',
    '--grep-invert',
    USER_STARTED_INTERNET_TESTS,
    // strace slows every traced process (and npm test runs the fault suite beside this run): twice the usual
    // minute per test, and twice the usual 10 s per expect (OUTPOST_E2E_EXPECT_TIMEOUT_MS below).
    '--timeout',
    '120000',
    ...extraArgs,
  ];
  const result = spawnSync('unshare', args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      PLAYWRIGHT_JSON_OUTPUT_NAME: REPORT,
      OUTPOST_CHROMIUM: browserWrapper(),
      OUTPOST_E2E_EXPECT_TIMEOUT_MS: '20000',
    },
  });
  return result.status ?? 1;
}

function summarize(attempts: ConnectAttempt[]): void {
  const byProgram = new Map<string, { local: number; outbound: number }>();
  for (const attempt of attempts) {
    const key = attempt.program ?? `pid ${attempt.pid}`;
    const counts = byProgram.get(key) ?? { local: 0, outbound: 0 };
    if (isLocalAddress(attempt.address)) counts.local++;
    else if (!isBrowserRouteProbe(attempt)) counts.outbound++;
    byProgram.set(key, counts);
  }
  for (const [program, counts] of byProgram) {
    console.log(`  ${program}: ${counts.local} loopback, ${counts.outbound} outbound connect() calls`);
  }
}

function main(): void {
  const problem = offlinePreflight();
  if (problem) {
    console.error(`offline e2e: cannot run: ${problem}`);
    process.exit(1);
  }
  const suiteStatus = runSuite(process.argv.slice(2));
  if (!fs.existsSync(TRACE)) {
    console.error('offline e2e: strace wrote no trace');
    process.exit(1);
  }
  const trace = fs.readFileSync(TRACE, 'utf8');
  const attempts = inheritPrograms(trace, parseConnects(trace));
  const probes = attempts.filter(isBrowserRouteProbe);
  const outbound = attempts.filter((attempt) => !isLocalAddress(attempt.address) && !isBrowserRouteProbe(attempt));
  console.log('\n── offline e2e: connect() calls seen by strace ──');
  summarize(attempts);
  for (const attempt of outbound) {
    console.error(`  OUTBOUND ${attempt.program ?? '?'} (pid ${attempt.pid}) → ${attempt.address}:${attempt.port}`);
  }
  const localCount = attempts.filter((attempt) => isLocalAddress(attempt.address)).length;
  if (probes.length > 0) console.log(`  (${probes.length} IPv6 route probes by the test browser: UDP, no packet sent)`);
  // A trace with no loopback traffic at all means strace missed the processes: that proves nothing.
  const traced = localCount > 0;
  if (!traced) console.error('offline e2e: no loopback connects were traced, so the trace cannot be trusted');
  console.log(
    `offline e2e: suite ${suiteStatus === 0 ? 'passed' : 'FAILED'}, ${outbound.length} outbound connection attempts, ${localCount} loopback`,
  );
  process.exit(suiteStatus === 0 && outbound.length === 0 && traced ? 0 : 1);
}

main();
