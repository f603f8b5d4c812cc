/**
 * Outpost's agents as MCP tools over stdio, for desktop MCP clients. Relays to the running app's `/mcp` endpoint.
 *   OUTPOST_API_KEY  the key from Settings → API (required)
 *   OUTPOST_MCP_URL  default http://127.0.0.1:47810/mcp
 */
import { DEFAULT_MCP_URL, runStdioBridge } from '../src-main/core/mcp/server/stdioBridge';

const apiKey = process.env.OUTPOST_API_KEY ?? '';
if (!apiKey) {
  process.stderr.write('outpost-mcp: set OUTPOST_API_KEY to the key from Outpost → Settings → API\n');
  process.exit(2);
}
const { closed } = await runStdioBridge({ url: process.env.OUTPOST_MCP_URL ?? DEFAULT_MCP_URL, apiKey });
await closed;
process.exit(0);
