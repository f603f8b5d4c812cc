import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@contract';
import { createApiApp } from '../../api/apiApp';
import { ApiKeyStore } from '../../api/apiKeyStore';
import { badRequest } from '../../api/openaiErrors';
import { RateLimiter } from '../../api/rateLimiter';
import { ApiRequestLog } from '../../api/requestLog';
import { RequestQueue } from '../../api/requestQueue';
import { createChatHarness, testAgent, type ChatHarness } from '../../chat/testing/chatHarness';
import { createMemoryLogger } from '../../testing/testPorts';
import { outpostMcpDeps } from './outpostMcpEndpoint';
import { mcpHttpHandler } from './outpostMcpServer';

const BRIDGE = path.resolve(import.meta.dirname, '../../../../scripts/outpost-mcp.ts');

describe('Outpost as an MCP server (official SDK client, on the API server with its key)', () => {
  let h: ChatHarness;
  let server: ServerType;
  let url: string;
  let key: string;

  beforeAll(async () => {
    h = await createChatHarness();
    h.agents.create(testAgent({ id: 'helper', name: 'Helper', description: 'Answers questions.' }));
    const keys = new ApiKeyStore(h.t.db, Date.now);
    key = keys.rotate();
    const app = createApiApp({
      settings: () => DEFAULT_SETTINGS,
      verifyKey: (k) => keys.verify(k),
      keyPrefix: () => keys.info()?.prefix ?? null,
      limiter: new RateLimiter(() => 1000, Date.now),
      authFailures: new RateLimiter(() => 20, Date.now),
      queue: new RequestQueue({ capacity: () => 1, maxWaiting: () => 1, now: Date.now }),
      log: new ApiRequestLog(h.t.db, () => undefined),
      models: () => [],
      prepareModel: () => {
        throw badRequest('not used here');
      },
      prepareAgent: () => {
        throw badRequest('not used here');
      },
      embeddings: () => null,
      mcp: mcpHttpHandler(
        outpostMcpDeps({
          agents: h.agents,
          chat: h.chat,
          conversations: h.conversations,
          logger: createMemoryLogger(),
          version: 'test',
        }),
      ),
      remoteAddress: () => '127.0.0.1',
      now: Date.now,
    });
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h.dispose();
  });

  const connect = async (withKey = key) => {
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: `Bearer ${withKey}` } },
      }),
    );
    return client;
  };

  it('refuses a client without the API key', async () => {
    await expect(connect('wrong-key')).rejects.toThrow();
  });

  it('lists each agent as a tool and runs a call as a turn in a conversation of its own', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'agent_helper');
    expect(tool).toMatchObject({ title: 'Helper', inputSchema: { required: ['message'] } });

    const first = await client.callTool({ name: 'agent_helper', arguments: { message: 'Hello there' } });
    expect(first.isError).toBeFalsy();
    const structured = first.structuredContent as { reply: string; conversation_id: string };
    expect(typeof structured.reply).toBe('string');
    const conversation = h.conversations.get(structured.conversation_id);
    expect(conversation.agentId).toBe('helper');
    expect(h.conversations.messages(conversation.id).map((m) => m.role)).toEqual(['user', 'assistant']);

    const second = await client.callTool({
      name: 'agent_helper',
      arguments: { message: 'And again', conversation_id: conversation.id },
    });
    expect((second.structuredContent as { conversation_id: string }).conversation_id).toBe(conversation.id);
    expect(h.conversations.messages(conversation.id)).toHaveLength(4);

    const unknown = await client.callTool({ name: 'agent_nobody', arguments: { message: 'hi' } });
    expect(unknown.isError).toBe(true);
    await client.close();
  });

  it('serves the same tools over stdio through the bridge script, and says so when the app is unreachable', async () => {
    const bridged = new Client({ name: 'desktop-client', version: '1.0.0' });
    await bridged.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', BRIDGE],
        env: { ...process.env, OUTPOST_MCP_MODE: 'relay', OUTPOST_MCP_URL: url, OUTPOST_API_KEY: key } as Record<
          string,
          string
        >,
        stderr: 'pipe',
      }),
    );
    expect((await bridged.listTools()).tools.map((t) => t.name)).toContain('agent_helper');
    await bridged.close();

    const offline = new Client({ name: 'desktop-client', version: '1.0.0' });
    const attempt = offline.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', BRIDGE],
        env: {
          ...process.env,
          OUTPOST_MCP_MODE: 'relay',
          OUTPOST_MCP_URL: 'http://127.0.0.1:9/mcp',
          OUTPOST_API_KEY: key,
        } as Record<string, string>,
        stderr: 'pipe',
      }),
    );
    await expect(attempt).rejects.toThrow(/Outpost is not reachable/);
    await offline.close();
  });
});
