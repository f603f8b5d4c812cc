import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { McpServerInput, McpServerUpdate } from '@contract';
import { openTestDb, type TestDb } from '../agents/testing/agentFixtures';
import { waitFor } from '../inference/testing/engineHarness';
import { createMemoryLogger, RecordingEvents } from '../testing/testPorts';
import { ToolAuditLog } from '../tools/auditLog';
import { ToolExecutor } from '../tools/toolExecutor';
import { ToolRegistry } from '../tools/toolRegistry';
import { McpConfigStore } from './mcpConfigStore';
import { McpManager } from './mcpManager';
import { createAwkwardServer, FILLER_TOOLS } from './testing/awkwardMcpServer';
import { HttpMcpHost } from './testing/httpMcpHost';
import { awkwardServerInput, echoServerInput, scriptServerInput } from './testing/mcpFixtures';

describe('MCP client against awkward and failing servers', () => {
  let t: TestDb;
  let registry: ToolRegistry;
  let manager: McpManager;
  let revoked: string[][];

  const run = (name: string, params: unknown) =>
    new ToolExecutor({ registry, audit: new ToolAuditLog(t.db), logger: createMemoryLogger(), now: Date.now }).execute({
      name,
      params,
      agentId: 'a',
      permissions: { [name]: 'allow' },
    });

  beforeEach(() => {
    t = openTestDb();
    registry = new ToolRegistry();
    revoked = [];
    manager = new McpManager({
      store: new McpConfigStore(t.db, Date.now),
      registry,
      events: new RecordingEvents(),
      logger: createMemoryLogger(),
      revokeGrants: (names) => revoked.push([...names]),
      // Eight attempts span ~4.5 s: room for a restart under load before the connection gives up.
      connection: { retryBaseMs: 50, retryMaxMs: 1000, pingEveryMs: 100 },
    });
  });

  afterEach(async () => {
    await manager.dispose();
    t.db.close();
  });

  it('reads every page of tools and skips a malformed one with a readable reason', async () => {
    const info = await manager.add(McpServerInput.parse(awkwardServerInput()));
    expect(info.state).toBe('running');
    expect(info.tools).toHaveLength(6 + FILLER_TOOLS);
    expect(info.skipped).toEqual([
      { name: 'broken_schema', reason: expect.stringMatching(/malformed definition \(inputSchema\.type/) },
    ]);
  });

  it('passes nulls, maps, tuples and recursive values the way the server declared them', async () => {
    await manager.add(McpServerInput.parse(awkwardServerInput()));
    const tool = registry.get('mcp_awkward_echo_args')!;
    expect(tool.jsonSchema.$defs).toBeDefined();
    // What the grammar makes a model emit: every key present, optional ones null.
    const result = await run('mcp_awkward_echo_args', {
      nickname: null,
      age: 7,
      options: { verbose: true, depth: null },
      labels: { team: 'blue' },
      point: [1.5, 2],
      tree: { name: 'root', children: [{ name: 'leaf', children: null }] },
      mode: null,
    });
    expect(result.ok).toBe(true);
    const echoed: unknown = JSON.parse(/\{.*\}/s.exec(result.content)![0]);
    expect(echoed).toEqual({
      nickname: null,
      age: 7,
      options: { verbose: true },
      labels: { team: 'blue' },
      point: [1.5, 2],
      tree: { name: 'root', children: [{ name: 'leaf' }] },
    });
    const invalid = await run('mcp_awkward_echo_args', { nickname: 'x', age: 'old' });
    expect(invalid.error?.code).toBe('invalid_args');
    expect(invalid.content).toContain('/age');
  });

  it('gives the model structured content, media descriptions, resources and truthful sizes', async () => {
    await manager.add(McpServerInput.parse(awkwardServerInput()));
    expect(registry.get('mcp_awkward_structured_only')!.description).toContain('"total"');
    expect((await run('mcp_awkward_structured_only', {})).content).toContain('{"total":42}');
    const media = (await run('mcp_awkward_media', {})).content;
    expect(media).toContain('[image: image/png, 70 B]');
    expect(media).toContain('[resource memo://notes/1]\nnote body');
    expect(media).toContain('[resource link file:///tmp/report.pdf: report.pdf — application/pdf]');
    expect((await run('mcp_awkward_big', {})).content).toContain('of 1048576 bytes');
  });

  it('follows progress and sends no stray notifications/cancelled after finished calls', async () => {
    await manager.add(McpServerInput.parse(awkwardServerInput()));
    expect((await run('mcp_awkward_slow', { steps: 3 })).content).toContain('done after 3');
    for (let i = 0; i < 3; i++) expect((await run('mcp_awkward_filler_1', {})).ok).toBe(true);
    expect((await run('mcp_awkward_cancellations', {})).content).toContain('cancelled:0');
  });

  it('starts servers in the background: a server that never answers does not hold anyone up', async () => {
    new McpConfigStore(t.db, Date.now).add(
      McpServerInput.parse(scriptServerInput('Hangs', 'setInterval(() => {}, 1000)')),
    );
    manager.startAll();
    expect(manager.list()[0]?.state).toBe('starting');
  });

  it('says why a server stopped: exit code and useful stderr, not the start-up banner', async () => {
    const script =
      "console.error('Starting default (STDIO) server...'); console.error('Error: API_KEY is not set'); process.exit(3)";
    const info = await manager.add(McpServerInput.parse(scriptServerInput('Dies', script)));
    expect(info.state).toBe('failed');
    expect(info.error).toContain('exited with code 3');
    expect(info.error).toContain('API_KEY is not set');
    expect(info.error).not.toContain('Starting default');
    expect(info.error).toMatch(/Retrying in/);
  });

  it('reconnects a crashed stdio server with backoff', async () => {
    await manager.add(McpServerInput.parse(echoServerInput()));
    await run('mcp_echo_test_crash', {});
    await waitFor(() => manager.list()[0]?.state !== 'running', 10_000, 'crash noticed');
    await waitFor(() => manager.list()[0]?.state === 'running', 20_000, 'reconnected');
    expect((await run('mcp_echo_test_echo', { text: 'ping' })).content).toContain('echo:ping');
  });

  it('notices a Streamable HTTP server that died, withdraws its tools, and reconnects with a new session', async () => {
    const host = new HttpMcpHost(createAwkwardServer, 'Bearer s3cret');
    await host.start();
    try {
      const info = await manager.add(
        McpServerInput.parse({
          transport: 'http',
          name: 'Web',
          url: host.url,
          headers: { Authorization: 'Bearer s3cret' },
        }),
      );
      expect(info.state).toBe('running');
      expect(info.headerKeys).toEqual(['Authorization']);
      expect(JSON.stringify(manager.list())).not.toContain('s3cret');
      await host.stop();
      await waitFor(() => manager.list()[0]?.state !== 'running', 10_000, 'death noticed');
      expect(registry.definitionsFor(['mcp_web_filler_1'])).toEqual({});
      await host.start();
      await waitFor(() => manager.list()[0]?.state === 'running', 20_000, 'reconnected');
      // A new session after the restart (the old one died with the server).
      expect(host.sessions).toBeGreaterThanOrEqual(2);
      expect((await run('mcp_web_filler_1', {})).content).toContain('ok');
    } finally {
      await host.stop();
    }
  });

  it('edits a server keeping stored secrets, and asks again when the program changes', async () => {
    const added = await manager.add(McpServerInput.parse({ ...echoServerInput(), env: { TOKEN: 'hidden' } }));
    const store = new McpConfigStore(t.db, Date.now);
    await manager.update(
      McpServerUpdate.parse({ ...echoServerInput('Echo Renamed'), id: added.id, env: { TOKEN: null, EXTRA: 'x' } }),
    );
    const stored = store.get(added.id);
    expect(stored.transport === 'stdio' && stored.env).toEqual({ TOKEN: 'hidden', EXTRA: 'x' });
    expect(revoked).toEqual([]);
    const input = echoServerInput('Echo Renamed');
    await manager.update(McpServerUpdate.parse({ ...input, id: added.id, args: [...(input.args ?? []), '--flag'] }));
    expect(revoked.flat()).toContain('mcp_echo_renamed_echo');
  });
});
