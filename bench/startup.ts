/**
 * bench startup — from spawning the server process to an interactive page in Chromium, and the server's
 * idle RSS with no model loaded: Outpost's headless host vs a bare Node HTTP server with one static page.
 * Rounds alternate which server goes first; the browser is launched once and each run gets a fresh context.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { ensureBuilt, headlessEntry } from '../scripts/lib/buildState';
import { chromiumPath, launchChromium } from './lib/longTasks';
import { machineHeader, percentile, publish } from './lib/report';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/;

/** The baseline: Node's http module serving one page with one button — nothing else. */
const BARE_SERVER = `
const http = require('node:http');
const page = '<!doctype html><html><body><nav><button data-testid="nav-chat">Chat</button></nav></body></html>';
const server = http.createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(page));
server.listen(0, '127.0.0.1', () => console.log('listening at http://127.0.0.1:' + server.address().port + '/'));
`;

interface Run {
  server: 'outpost' | 'bare';
  interactiveMs: number;
  rssMb: number;
  treeRssMb: number;
}

/** 0 for a process that is gone or a zombie (no VmRSS line). */
function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so parse after the last ')'
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** RSS of the process and all its descendants (Outpost's worker processes count against it too). */
function treeRssMb(pid: number): number {
  return rssMb(pid) + childrenOf(pid).reduce((sum, child) => sum + treeRssMb(child), 0);
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const match = URL_LINE.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

async function measure(browser: Browser, server: Run['server']): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-startup-'));
  const args = server === 'outpost' ? [headlessEntry()!, '--port', '0', '--data-dir', dataDir] : ['-e', BARE_SERVER];
  const context = await browser.newContext();
  if (process.env.BENCH_DEBUG) console.log(`measure ${server}`);
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const url = await waitForUrl(child);
    if (process.env.BENCH_DEBUG) console.log(`  url ${url}`);
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('nav-chat').waitFor({ state: 'visible' });
    await page.getByTestId('nav-chat').click({ trial: true }); // actionable: visible, stable, enabled
    const interactiveMs = performance.now() - started;
    if (process.env.BENCH_DEBUG) console.log(`  interactive ${interactiveMs}`);
    await page.waitForTimeout(1500); // idle: let start-up work (catalog, migrations, GC) settle
    return { server, interactiveMs, rssMb: rssMb(child.pid!), treeRssMb: treeRssMb(child.pid!) };
  } finally {
    await context.close();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  ensureBuilt();
  if (process.platform !== 'linux') throw new Error('bench startup reads RSS from /proc (Linux only)');
  const browser = await launchChromium(chromiumPath());
  const runs: Run[] = [];
  try {
    await measure(browser, 'outpost'); // warm the page cache for both
    await measure(browser, 'bare');
    for (let i = 0; i < REPEATS; i++) {
      const order: Run['server'][] = i % 2 === 0 ? ['bare', 'outpost'] : ['outpost', 'bare'];
      for (const server of order) runs.push(await measure(browser, server));
      console.log(`round ${i + 1}/${REPEATS} done`);
    }
  } finally {
    await browser.close();
  }
  const p = (server: Run['server'], key: 'interactiveMs' | 'rssMb' | 'treeRssMb', q = 50) =>
    percentile(
      runs.filter((r) => r.server === server).map((r) => r[key]),
      q,
    );
  publish(
    'startup',
    machineHeader({ backend: 'none (no model loaded)' }),
    [
      {
        title: `start → interactive page, idle memory (median of ${REPEATS} interleaved runs)`,
        columns: ['metric', 'bare Node server', 'Outpost headless', 'ratio / diff', 'target'],
        rows: [
          [
            'start → interactive p50 ms',
            p('bare', 'interactiveMs'),
            p('outpost', 'interactiveMs'),
            p('outpost', 'interactiveMs') - p('bare', 'interactiveMs'),
            '≤ 1000 ms total',
          ],
          [
            'start → interactive p95 ms',
            p('bare', 'interactiveMs', 95),
            p('outpost', 'interactiveMs', 95),
            p('outpost', 'interactiveMs', 95) - p('bare', 'interactiveMs', 95),
            '',
          ],
          [
            'idle RSS MB (server process)',
            p('bare', 'rssMb'),
            p('outpost', 'rssMb'),
            p('outpost', 'rssMb') / p('bare', 'rssMb'),
            '≤ 120 MB',
          ],
          [
            'idle RSS MB (with child processes)',
            p('bare', 'treeRssMb'),
            p('outpost', 'treeRssMb'),
            p('outpost', 'treeRssMb') / p('bare', 'treeRssMb'),
            '',
          ],
        ],
      },
    ],
    { runs },
  );
}
