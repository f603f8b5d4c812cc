/**
 * The headless host: the built renderer and the contract on 127.0.0.1 (per-run token), and with `--serve` the
 * API for other machines. `main.ts` runs it with the built workers; tests run it from source.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConsoleLogger } from '../core/consoleLogger';
import type { Core } from '../core/createCore';
import { StartupTimings } from '../core/lib/startupTimings';
import { defaultDataDir } from '../core/paths';
import type { CorePorts } from '../core/ports';
import { createForkSpawner } from '../core/process/forkSpawner';
import { CORE_STAGES } from './coreStages';
import { SERVE_OPTIONS, strayServeFlag } from './serveFlags';
import { startHeadlessServer } from './server';
import { importInStages, nextTurn } from './stagedImport';

const DEFAULT_PORT = 47800;
/** Longest wait between two pieces of core for responses still going out (a slow client must not stall start). */
const BETWEEN_STAGES_MS = 1_000;

export interface HostLocations {
  workers: CorePorts['workers'];
  resourcesDir: string;
  rendererDir: string;
  appVersion: string;
}

export async function runHeadlessHost(argv: string[], env: NodeJS.ProcessEnv, where: HostLocations): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
      'log-level': { type: 'string' },
      catalog: { type: 'string' },
      ...SERVE_OPTIONS,
    },
    strict: true,
  });
  const logger = createConsoleLogger((values['log-level'] as 'info' | undefined) ?? 'info', 'headless');
  const requestedPort = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new Error(`--port must be an integer 0-65535, got ${values.port}`);
  }
  const stray = strayServeFlag(values);
  if (stray) throw new Error(`--${stray} only applies with --serve`);
  // The node flags' parser (and the contract it imports) loads only for --serve.
  const serveConfig = values.serve ? (await import('./serveArgs')).serveConfigFrom(values, env) : null;
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const startup = new StartupTimings(() => performance.now(), 0); // 0: the first step counts from process start
  const token = randomBytes(24).toString('hex');
  // The page is served while core loads (most of start-up is loading its modules); sockets wait for it.
  let coreStarted: (core: Core) => void = () => undefined;
  let coreFailed: (error: unknown) => void = () => undefined;
  const coreReady = new Promise<Core>((resolve, reject) => {
    coreStarted = resolve;
    coreFailed = reject;
  });
  const serve = (port: number) =>
    startHeadlessServer({
      core: coreReady,
      logger,
      token,
      port,
      rendererDir: path.resolve(values['renderer-dir'] ?? where.rendererDir),
    });
  const server = await serve(requestedPort).catch((error: NodeJS.ErrnoException) => {
    // The default port being taken is normal (a second instance); an explicit --port is honoured or fails.
    if (error.code === 'EADDRINUSE' && values.port === undefined) return serve(0);
    throw error;
  });
  // A node (--serve) prints its address once the API is up; a desktop user opens the page at once.
  if (!serveConfig) printRunning(server.url, dataDir);
  startup.mark('page served');
  // At once, while the browser creates its page (the host would idle otherwise), and in small pieces: a file the
  // page asks for meanwhile (the page, its scripts, its screen's chunk) goes out after the piece evaluating.
  let largestPiece = 0; // the longest a request can have waited on a piece: reported with the start-up steps
  const timed =
    <T>(stage: () => Promise<T>) =>
    async () => {
      const started = performance.now();
      const loaded = await stage();
      largestPiece = Math.max(largestPiece, performance.now() - started);
      return loaded;
    };
  const { createCore } = await importInStages(
    CORE_STAGES.map(timed),
    timed(() => import('../core/createCore')),
    async () => {
      await nextTurn();
      await firstOf(BETWEEN_STAGES_MS, { settled: server.settled() });
    },
  );
  const core = await createCore({
    startup,
    paths: { dataDir, resourcesDir: where.resourcesDir },
    logger,
    spawner: createForkSpawner(logger),
    workers: where.workers,
    catalogFile: values.catalog ? path.resolve(values.catalog) : undefined,
    guardGlobalFetch: true,
    host: { shell: 'headless', appVersion: where.appVersion, electronVersion: null, chromeVersion: null },
  }).catch(async (error: unknown) => {
    coreFailed(error);
    await server.close();
    throw error;
  });
  coreStarted(core);
  startup.mark('core ready');
  // Tells `npm run mcp` to relay here instead of opening this data dir a second time (loaded now: it needs zod).
  const { claimDataDir, dataDirHolder } = await import('../core/storage/dataDirLock');
  const other = dataDirHolder(dataDir);
  if (other && other.pid !== process.pid) logger.warn('another Outpost process uses this data dir', { ...other });
  const lock = claimDataDir(dataDir, 'app');
  logger.info('start-up steps (ms)', { ...startup.fields(), 'largest core piece': Math.round(largestPiece) });

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await core.dispose();
    lock.release();
    process.exit(0);
  };
  // `on`, not `once`: node-llama-cpp's signal-exit re-raises the signal when it sees no other listener.
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  if (serveConfig) {
    const served = await core.serveApi(serveConfig).catch(async (error: unknown) => {
      await server.close();
      await core.dispose();
      throw error;
    });
    process.stdout.write(
      `Serving as a node at http://${serveConfig.host.includes(':') ? `[${serveConfig.host}]` : serveConfig.host}:${serveConfig.port}/v1 (clients: ${serveConfig.allow.join(', ')})\n`,
    );
    if (served.newKey) process.stdout.write(`API key (shown once, add it with the node): ${served.newKey}\n`);
    else process.stdout.write(`API key: ${served.status.keyPrefix ?? ''}… (set OUTPOST_API_KEY to choose one)\n`);
  }
  if (serveConfig) printRunning(server.url, dataDir);
}

/** The key of the promise that resolved first, or 'timeout' after `ms` (a timer that never holds the process). */
async function firstOf<K extends string>(ms: number, promises: Record<K, Promise<void>>): Promise<K | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms).unref()));
  const keyed = Object.entries<Promise<void>>(promises).map(([key, promise]) => promise.then(() => key as K));
  try {
    return await Promise.race([...keyed, elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

function printRunning(url: string, dataDir: string): void {
  process.stdout.write(`Outpost (headless) is running at ${url}\n`);
  process.stdout.write(`Data: ${dataDir}\n`);
}
