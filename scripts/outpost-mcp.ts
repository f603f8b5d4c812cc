/**
 * `npm run --silent mcp`: Outpost's agents as MCP tools over stdio, for desktop MCP clients (see
 * src-main/headless/mcpStdioHost.ts). Relays to the running app when it holds the data dir, else runs core here.
 *   OUTPOST_MCP_MODE  auto (default) | relay | embedded
 *   OUTPOST_API_KEY   the key from Settings → API (needed to relay)
 *   OUTPOST_MCP_URL   the app's endpoint, default http://127.0.0.1:47810/mcp
 *   OUTPOST_DATA_DIR  or --data-dir: the app's data dir by default
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpStartError, runMcpStdioHost } from '../src-main/headless/mcpStdioHost';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Run from a checkout through tsx: the workers run from their TypeScript sources too.
const TSX = ['--import', 'tsx'];
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

try {
  await runMcpStdioHost({
    argv: process.argv.slice(2),
    env: process.env,
    workers: {
      inference: { modulePath: path.join(root, 'src-main/core/inference/worker/main.ts'), execArgv: TSX },
      embeddings: { modulePath: path.join(root, 'src-main/core/embeddings/worker/main.ts'), execArgv: TSX },
      knowledgeParser: { modulePath: path.join(root, 'src-main/core/knowledge/parse/parseWorker.ts'), register: 'tsx/esm/api' },
    },
    resourcesDir: path.join(root, 'resources'),
    appVersion: version,
  });
  process.exit(0);
} catch (error) {
  process.stderr.write(`outpost-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof McpStartError ? 2 : 1);
}
