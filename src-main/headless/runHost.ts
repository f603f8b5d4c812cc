/**
 * The headless host: the built renderer and the contract on 127.0.0.1 (per-run token), and with `--serve` the
 * API for other machines. `main.ts` runs it with the built workers; tests run it from source.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConsoleLogger } from '../core/consoleLogger';
import { createCore } from '../core/createCore';
import { defaultDataDir } from '../core/paths';
import type { CorePorts } from '../core/ports';
import { createForkSpawner } from '../core/process/forkSpawner';
import { SERVE_OPTIONS, serveConfigFrom } from './serveArgs';
import { startHeadlessServer } from './server';

const DEFAULT_PORT = 47800;

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
  const serveConfig = serveConfigFrom(values, env);
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const core = await createCore({
    paths: { dataDir, resourcesDir: where.resourcesDir },
    logger,
    spawner: createForkSpawner(logger),
    workers: where.workers,
    catalogFile: values.catalog ? path.resolve(values.catalog) : undefined,
    guardGlobalFetch: true,
    host: { shell: 'headless', appVersion: where.appVersion, electronVersion: null, chromeVersion: null },
  });
  const token = randomBytes(24).toString('hex');
  const serve = (port: number) =>
    startHeadlessServer({
      core,
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

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await core.dispose();
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
  process.stdout.write(`Outpost (headless) is running at ${server.url}\n`);
  process.stdout.write(`Data: ${dataDir}\n`);
}
