/**
 * An MCP server for tests (stdio, official SDK) that uses the client's features from inside its tools:
 * `ask_model` samples the client's model, `list_roots` reads the client's roots, `capabilities` reports them.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'client-features-test', version: '1.0.0' });
const text = (value: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(value) }] });

server.registerTool('ask_model', { description: 'Asks the client to sample its model.', inputSchema: {} }, async () => {
  try {
    const result = await server.server.createMessage({
      systemPrompt: 'Answer briefly.',
      messages: [{ role: 'user', content: { type: 'text', text: 'Say hello.' } }],
      maxTokens: 8,
    });
    return text({ ok: true, result });
  } catch (error) {
    const { code, message } = error as { code?: number; message?: string };
    return text({ ok: false, code, message });
  }
});

server.registerTool('list_roots', { description: "Lists the client's roots.", inputSchema: {} }, async () =>
  text(await server.server.listRoots()),
);

server.registerTool('capabilities', { description: "The client's capabilities.", inputSchema: {} }, async () =>
  text(server.server.getClientCapabilities() ?? null),
);

await server.connect(new StdioServerTransport());
