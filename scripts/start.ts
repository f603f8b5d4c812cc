/**
 * `npm start`: build if needed, then run the Electron app; where Electron can't start (no binary,
 * no display) say so in one line and run the headless host instead. Flags: --headless, --port, --data-dir, and
 * --serve [--listen ADDR] [--api-port N] [--allow CIDR]… [--api-key-file F] (headless, serving as a node).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ensureBuilt, headlessEntry, ROOT } from './lib/buildState';
import { EXIT_NO_ELECTRON_SQLITE } from '../src-main/electron/sqlite/electronSqliteBinding';
import { checkElectron } from './lib/electronBinary';
import { SERVE_OPTIONS, serveArgv } from '../src-main/headless/serveFlags';
import { ensureElectronSqlite } from './lib/electronSqlite';

const ELECTRON_STARTUP_GRACE_MS = 10_000;

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    ...SERVE_OPTIONS,
  },
  strict: true,
});

function forwardSignals(child: ReturnType<typeof spawn>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
}

function runHeadless(): void {
  const entry = headlessEntry();
  if (!entry) throw new Error('headless entry missing after build');
  const args = [entry];
  if (values.port) args.push('--port', values.port);
  if (values['data-dir']) args.push('--data-dir', values['data-dir']);
  args.push(...serveArgv(values));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code) => process.exit(code ?? 1));
}

function runElectron(binary: string): void {
  const args = [ROOT];
  if (values['data-dir']) args.push(`--user-data-dir=${values['data-dir']}`);
  const startedAt = Date.now();
  const child = spawn(binary, args, { cwd: ROOT, stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code, signal) => {
    // A crash right at start-up (missing libraries, no GPU/display access) falls back to headless.
    if (code === EXIT_NO_ELECTRON_SQLITE) {
      console.log(
        "Electron can't start here (no better-sqlite3 build for its ABI); starting the headless host instead.",
      );
      runHeadless();
      return;
    }
    if (code !== 0 && Date.now() - startedAt < ELECTRON_STARTUP_GRACE_MS) {
      console.log(
        `Electron can't start here (it exited with ${signal ?? `code ${code}`}); starting the headless host instead.`,
      );
      runHeadless();
      return;
    }
    process.exit(code ?? 0);
  });
}

/** The window needs Electron's own build of the SQLite addon; without one it would only show a crash dialog. */
async function startWindowOrHeadless(): Promise<void> {
  const electron = checkElectron({ allowDownload: !process.env.CI });
  if (!electron.ok || !electron.binary) {
    console.log(`Electron can't start here (${electron.reason}); starting the headless host instead.`);
    return runHeadless();
  }
  const sqlite = await ensureElectronSqlite(ROOT, { log: (line) => console.log(line) });
  if (!sqlite.ok) {
    console.log(`Electron can't start here (${sqlite.reason}); starting the headless host instead.`);
    return runHeadless();
  }
  runElectron(electron.binary);
}

try {
  ensureBuilt();
  // A node for others is a server: it never opens a window.
  if (values.headless || values.serve) runHeadless();
  else await startWindowOrHeadless();
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
