/**
 * A deliberately awkward MCP server for tests (low-level SDK Server, raw JSON schemas): tools/list in pages with
 * one malformed tool, schemas with nulls, maps, tuples and recursion, results that are structured-only, media,
 * 1 MB of text, progress, and a tool that reports how many notifications/cancelled it received.
 * Over stdio by default; `createAwkwardServer()` is also used in-process behind Streamable HTTP.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  CancelledNotificationSchema,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

const PAGE_SIZE = 70;
export const FILLER_TOOLS = 150;
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const object = (properties: Record<string, unknown>, required: string[] = [], extra: object = {}) => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

const tools: Record<string, unknown>[] = [
  {
    name: 'echo_args',
    description: 'Returns the arguments it got as JSON.',
    inputSchema: object(
      {
        // Pydantic's Optional[str] without a default: required, may be null.
        nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        age: { type: ['integer', 'null'] },
        options: object({ verbose: { type: 'boolean' }, depth: { type: 'integer', default: 2 } }, ['verbose']),
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
        tree: { $ref: '#/$defs/node' },
        mode: { type: 'string', enum: ['fast', 'slow'], default: 'fast' },
      },
      ['nickname', 'age'],
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $defs: {
          node: object({ name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, [
            'name',
          ]),
        },
      },
    ),
  },
  { name: 'broken_schema', description: 'Its input schema is not an object.', inputSchema: { type: 'array' } },
  {
    name: 'structured_only',
    description: 'Answers with structured content and no text.',
    inputSchema: object({}),
    outputSchema: object({ total: { type: 'integer' } }, ['total']),
  },
  { name: 'media', description: 'An image, a text resource and a resource link.', inputSchema: object({}) },
  { name: 'big', description: 'One megabyte of text.', inputSchema: object({}) },
  { name: 'slow', description: 'Reports progress, then answers.', inputSchema: object({ steps: { type: 'integer' } }) },
  { name: 'cancellations', description: 'How many cancellations this server got.', inputSchema: object({}) },
  ...Array.from({ length: FILLER_TOOLS }, (_, i) => ({
    name: `filler_${i}`,
    description: `Filler tool ${i}.`,
    inputSchema: object({}),
  })),
];

export function createAwkwardServer(): Server {
  let cancelled = 0;
  const server = new Server({ name: 'awkward', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setNotificationHandler(CancelledNotificationSchema, async () => {
    cancelled += 1;
  });
  server.setRequestHandler(ListToolsRequestSchema, async (request) => {
    const start = Number(request.params?.cursor ?? 0);
    const page = tools.slice(start, start + PAGE_SIZE);
    const next = start + PAGE_SIZE < tools.length ? String(start + PAGE_SIZE) : undefined;
    // The SDK's own result type would refuse the malformed tool; a real misbehaving server sends it anyway.
    return { tools: page, ...(next ? { nextCursor: next } : {}) } as never;
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments ?? {};
    switch (request.params.name) {
      case 'echo_args':
        return { content: [{ type: 'text', text: JSON.stringify(args) }] };
      case 'structured_only':
        return { content: [], structuredContent: { total: 42 } };
      case 'media':
        return {
          content: [
            { type: 'image', data: PNG_1PX, mimeType: 'image/png' },
            { type: 'resource', resource: { uri: 'memo://notes/1', mimeType: 'text/plain', text: 'note body' } },
            { type: 'resource_link', uri: 'file:///tmp/report.pdf', name: 'report.pdf', mimeType: 'application/pdf' },
          ],
        };
      case 'big':
        return { content: [{ type: 'text', text: 'x'.repeat(1024 * 1024) }] };
      case 'slow': {
        const steps = Number(args.steps ?? 3);
        const token = request.params._meta?.progressToken;
        for (let i = 1; i <= steps; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          if (token !== undefined) {
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken: token, progress: i, total: steps, message: `step ${i}` },
            });
          }
        }
        return { content: [{ type: 'text', text: `done after ${steps}` }] };
      }
      case 'cancellations':
        return { content: [{ type: 'text', text: `cancelled:${cancelled}` }] };
      default:
        if (request.params.name.startsWith('filler_')) return { content: [{ type: 'text', text: 'ok' }] };
        return { content: [{ type: 'text', text: 'unknown tool' }], isError: true };
    }
  });
  return server;
}

if (process.argv.includes('--stdio')) {
  await createAwkwardServer().connect(new StdioServerTransport());
}
