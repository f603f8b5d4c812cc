/** Plain-Node host: serves the built renderer and the contract on 127.0.0.1, guarded by a per-run token. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConsoleLogger } from '../core/consoleLogger';
import { createCore } from '../core/createCore';
import { defaultDataDir } from '../core/paths';
import { createForkSpawner } from '../core/process/forkSpawner';
import { startHeadlessServer } from './server';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_PORT = 47800;

function readAppVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.resolve(here, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
      'log-level': { type: 'string' },
      catalog: { type: 'string' },
    },
    strict: true,
  });
  const logger = createConsoleLogger((values['log-level'] as 'info' | undefined) ?? 'info', 'headless');
  const requestedPort = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new Error(`--port must be an integer 0-65535, got ${values.port}`);
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const core = await createCore({
    paths: { dataDir, resourcesDir: path.resolve(here, '../../resources') },
    logger,
    spawner: createForkSpawner(logger),
    workers: {
      inference: { modulePath: path.join(here, 'inferenceWorker.js') },
      embeddings: { modulePath: path.join(here, 'embeddingsWorker.js') },
      knowledgeParser: { modulePath: path.join(here, 'knowledgeParser.js') },
    },
    catalogFile: values.catalog ? path.resolve(values.catalog) : undefined,
    guardGlobalFetch: true,
    host: {
      shell: 'headless',
      appVersion: readAppVersion(),
      electronVersion: null,
      chromeVersion: null,
    },
  });
  const token = randomBytes(24).toString('hex');
  const serve = (port: number) =>
    startHeadlessServer({
      core,
      logger,
      token,
      port,
      rendererDir: path.resolve(values['renderer-dir'] ?? path.join(here, '../renderer')),
    });
  const server = await serve(requestedPort).catch((error: NodeJS.ErrnoException) => {
    // The default port being taken is normal (a second instance); an explicit --port is honoured or fails.
    if (error.code === 'EADDRINUSE' && values.port === undefined) return serve(0);
    throw error;
  });

  process.stdout.write(`Outpost (headless) is running at ${server.url}\n`);
  process.stdout.write(`Data: ${dataDir}\n`);

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
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Outpost headless host failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
