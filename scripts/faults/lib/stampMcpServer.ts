/**
 * A stdio MCP server for fault tests (official SDK). `stamp` has a side effect: it appends one line to the file
 * named by argv[2]. `hold` does nothing. Both take an enum, so a small model's forced call is always short.
 */
import fs from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const file = process.argv[2];
if (!file) throw new Error('usage: stampMcpServer.ts <file to append to>');
const server = new McpServer({ name: 'stamp-test', version: '1.0.0' });

server.registerTool(
  'stamp',
  { description: 'Appends a stamp to the log file.', inputSchema: { colour: z.enum(['red', 'blue']) } },
  async ({ colour }) => {
    fs.appendFileSync(file, `${colour}\n`);
    return { content: [{ type: 'text', text: `stamped ${colour}` }] };
  },
);

server.registerTool(
  'hold',
  { description: 'Does nothing.', inputSchema: { colour: z.enum(['red', 'blue']) } },
  async ({ colour }) => ({ content: [{ type: 'text', text: `held ${colour}` }] }),
);

await server.connect(new StdioServerTransport());
