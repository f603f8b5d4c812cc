/** Plain-Node host entry (built): `npm start -- --headless [--serve …]`, see runHost.ts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHeadlessHost } from './runHost';

const here = path.dirname(fileURLToPath(import.meta.url));

function readAppVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.resolve(here, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

runHeadlessHost(process.argv.slice(2), process.env, {
  workers: {
    inference: { modulePath: path.join(here, 'inferenceWorker.js') },
    embeddings: { modulePath: path.join(here, 'embeddingsWorker.js') },
    knowledgeParser: { modulePath: path.join(here, 'knowledgeParser.js') },
  },
  resourcesDir: path.resolve(here, '../../resources'),
  rendererDir: path.join(here, '../renderer'),
  appVersion: readAppVersion(),
}).catch((error: unknown) => {
  process.stderr.write(
    `Outpost headless host failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
