/** The headless host run from source (tests): the same runHeadlessHost and flags, workers from TypeScript. */
import fs from 'node:fs';
import path from 'node:path';
import { createTestPorts, makeTempDir } from '../../core/testing/testPorts';
import { runHeadlessHost } from '../runHost';

const { ports } = createTestPorts(process.cwd()); // only its worker entries are used
// No built renderer is needed to serve the API: a placeholder page keeps the static server happy.
const rendererDir = makeTempDir('outpost-renderer-');
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Outpost (test host)</title>');
runHeadlessHost(process.argv.slice(2), process.env, {
  workers: ports.workers,
  resourcesDir: path.resolve('resources'),
  rendererDir,
  appVersion: '0.0.0-test',
}).catch((error: unknown) => {
  process.stderr.write(`host failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
