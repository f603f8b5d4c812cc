/**
 * An MCP server for tests (stdio, official SDK's McpServer) that talks back during its tools: `ask_details`
 * asks the user for a form (elicitation) and returns the answer; `count_slowly` reports progress between steps;
 * `picture` returns an image, a clip and a resource link. It also offers a text resource and a prompt.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

/** A 1×1 PNG and a silent 8-sample WAV, base64. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const TINY_WAV = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([44, 0, 0, 0]),
  Buffer.from('WAVEfmt '),
  Buffer.from([16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x40, 0x1f, 0, 0, 1, 0, 8, 0]),
  Buffer.from('data'),
  Buffer.from([8, 0, 0, 0, 128, 128, 128, 128, 128, 128, 128, 128]),
]).toString('base64');

const server = new McpServer({ name: 'forms-test', version: '1.0.0' });
const text = (value: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(value) }] });

server.registerTool('ask_details', { description: 'Asks the user for their details.', inputSchema: {} }, async () => {
  try {
    const result = await server.server.elicitInput({
      message: 'Who is asking?',
      requestedSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', title: 'Your name', minLength: 1, maxLength: 40 },
          age: { type: 'integer', title: 'Age', minimum: 0, maximum: 150 },
          colour: { type: 'string', title: 'Colour', enum: ['red', 'green'], enumNames: ['Red', 'Green'] },
          subscribe: { type: 'boolean', title: 'Subscribe', default: false },
        },
        required: ['name'],
      },
    });
    return text({ answered: result });
  } catch (error) {
    return text({ failed: error instanceof Error ? error.message : String(error) });
  }
});

server.registerTool(
  'count_slowly',
  { description: 'Counts to `steps`, reporting progress.', inputSchema: { steps: z.number().int().min(1).max(20) } },
  async ({ steps }, extra) => {
    const token = extra._meta?.progressToken;
    for (let i = 1; i <= steps; i++) {
      if (token !== undefined) {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: i, total: steps, message: `step ${i}` },
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return text({ counted: steps, token: token ?? null });
  },
);

server.registerTool(
  'picture',
  { description: 'Returns a picture, a sound and a link.', inputSchema: {} },
  async () => ({
    content: [
      { type: 'text', text: 'Here is a picture.' },
      { type: 'image', data: TINY_PNG, mimeType: 'image/png' },
      { type: 'audio', data: TINY_WAV, mimeType: 'audio/wav' },
      { type: 'image', data: 'PHN2Zz48L3N2Zz4=', mimeType: 'image/svg+xml' },
      { type: 'resource_link', uri: 'https://example.org/report.pdf', name: 'report.pdf', mimeType: 'application/pdf' },
    ],
  }),
);

server.registerResource(
  'field-notes',
  'notes://field/1',
  { title: 'Field notes', description: 'Notes to attach in chat', mimeType: 'text/plain' },
  async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'The owl flies at dusk.' }] }),
);

server.registerPrompt(
  'summarise',
  { description: 'Summarise a topic', argsSchema: { topic: z.string() } },
  ({ topic }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Summarise what you know about ${topic}.` } }],
  }),
);

await server.connect(new StdioServerTransport());
