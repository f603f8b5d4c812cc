/**
 * `npm run mcp`: Outpost's agents as MCP tools over stdio for desktop MCP clients. Relays to the running app's
 * `/mcp` endpoint when a live app holds the data dir (or when asked to), otherwise runs core in this process on
 * that data dir and serves it itself. stdout carries JSON-RPC only; every log line goes to stderr.
 */
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createConsoleLogger } from '../core/consoleLogger';
import type { Core } from '../core/createCore';
import { createOutpostMcpServer } from '../core/mcp/server/outpostMcpServer';
import { DEFAULT_MCP_URL, runStdioBridge } from '../core/mcp/server/stdioBridge';
import { defaultDataDir } from '../core/paths';
import type { CorePorts, Logger } from '../core/ports';
import { createForkSpawner } from '../core/process/forkSpawner';
import { claimDataDir, dataDirHolder, type DataDirHolder } from '../core/storage/dataDirLock';

export type McpStdioMode = 'auto' | 'relay' | 'embedded';

export interface McpStdioHostOptions {
  argv: string[];
  env: NodeJS.ProcessEnv;
  workers: CorePorts['workers'];
  resourcesDir: string;
  appVersion: string;
  stdin?: Readable;
  stdout?: Writable;
}

export interface McpPlan {
  mode: 'relay' | 'embedded';
  dataDir: string;
  url: string;
  apiKey: string;
  holder: DataDirHolder | null;
}

/** A clear reason not to start (printed on stderr, exit code 2). */
export class McpStartError extends Error {}

/** Which way this run goes; the live holder of the data dir decides unless OUTPOST_MCP_MODE says otherwise. */
export async function planMcpStdio(argv: string[], env: NodeJS.ProcessEnv): Promise<McpPlan> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true });
  const dataDir = path.resolve(values['data-dir'] ?? env.OUTPOST_DATA_DIR ?? defaultDataDir());
  const requested = (env.OUTPOST_MCP_MODE ?? 'auto') as McpStdioMode;
  if (!['auto', 'relay', 'embedded'].includes(requested)) {
    throw new McpStartError(`OUTPOST_MCP_MODE must be auto, relay or embedded, not "${requested}"`);
  }
  const url = env.OUTPOST_MCP_URL ?? DEFAULT_MCP_URL;
  const apiKey = env.OUTPOST_API_KEY ?? '';
  const holder = dataDirHolder(dataDir);
  const plan = (mode: McpPlan['mode']): McpPlan => ({ mode, dataDir, url, apiKey, holder });
  const needKey = (why: string) => {
    if (!apiKey) throw new McpStartError(`${why} Set OUTPOST_API_KEY to the key from Outpost → Settings → API.`);
  };
  if (requested === 'relay') {
    needKey('Relay mode sends every request to the running app.');
    return plan('relay');
  }
  if (holder) {
    const who = holder.role === 'app' ? 'The Outpost app' : 'Another `npm run mcp`';
    const held = `${who} (pid ${holder.pid}) is using ${dataDir}.`;
    if (requested === 'embedded') throw new McpStartError(`${held} Quit it, or use OUTPOST_MCP_MODE=relay.`);
    needKey(`${held} outpost-mcp relays to its API (turn it on in Settings → API).`);
    return plan('relay');
  }
  // No core on this data dir. An app on another data dir is used only when asked for by its URL and key.
  if (requested === 'auto' && env.OUTPOST_MCP_URL && apiKey && (await answers(url))) return plan('relay');
  return plan('embedded');
}

async function answers(mcpUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', mcpUrl), { signal: AbortSignal.timeout(3_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Serves until stdin ends (the client went away) or SIGTERM/SIGINT, then stops core and its workers. */
export async function runMcpStdioHost(o: McpStdioHostOptions): Promise<void> {
  const stdin = o.stdin ?? process.stdin;
  const logger = createConsoleLogger((o.env.OUTPOST_LOG_LEVEL as 'info' | undefined) ?? 'warn', 'mcp');
  const plan = await planMcpStdio(o.argv, o.env);
  const ended = inputEnded(stdin);
  if (plan.mode === 'relay') {
    const why = plan.holder ? `pid ${plan.holder.pid} holds ${plan.dataDir}` : 'OUTPOST_MCP_MODE / OUTPOST_MCP_URL';
    process.stderr.write(`outpost-mcp: relaying to ${plan.url} (${why})\n`);
    const { closed, close } = await runStdioBridge({ url: plan.url, apiKey: plan.apiKey, stdin, stdout: o.stdout });
    await Promise.race([closed, ended]);
    await close();
    return;
  }
  process.stderr.write(`outpost-mcp: running Outpost's core in this process on ${plan.dataDir}\n`);
  await serveEmbedded(o, plan.dataDir, logger, stdin, ended);
}

async function serveEmbedded(
  o: McpStdioHostOptions,
  dataDir: string,
  logger: Logger,
  stdin: Readable,
  ended: Promise<void>,
): Promise<void> {
  const lock = claimDataDir(dataDir, 'mcp');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const corePromise = import('../core/createCore').then(({ createCore }) =>
    createCore({
      paths: { dataDir, resourcesDir: o.resourcesDir },
      logger,
      spawner: createForkSpawner(logger),
      workers: o.workers,
      guardGlobalFetch: true,
      host: { shell: 'headless', appVersion: o.appVersion, electronVersion: null, chromeVersion: null },
    }),
  );
  // `initialize` is answered at once; tool requests wait for core.
  // No window runs on this core: an "ask" card goes to the client's form, or is denied.
  const server = createOutpostMcpServer(
    { version: o.appVersion, ready: corePromise.then((c) => c.mcpServer) },
    { unattended: true },
  );
  await server.connect(new StdioServerTransport(stdin, o.stdout));
  let core: Core | null = null;
  try {
    core = await Promise.race([corePromise, ended.then(() => null)]);
    if (core) await ended;
  } finally {
    await server.close().catch(() => undefined);
    core ??= await corePromise.catch((error: unknown) => {
      logger.error('core failed to start', { error: String(error) });
      return null;
    });
    await core?.dispose();
    lock.release();
  }
}

/** Resolves when the client closes our stdin (or it errors), or a signal asks us to stop. */
function inputEnded(stdin: Readable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    stdin.once('end', done);
    stdin.once('close', done);
    stdin.once('error', done);
    // `on`, not `once`: node-llama-cpp's signal-exit re-raises the signal when it sees no other listener.
    process.on('SIGTERM', done);
    process.on('SIGINT', done);
  });
}
