import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { McpServerInput } from '@contract';
import { openTestDb, type TestDb } from '../agents/testing/agentFixtures';
import { waitFor } from '../inference/testing/engineHarness';
import { createMemoryLogger, RecordingEvents } from '../testing/testPorts';
import { ToolAuditLog } from '../tools/auditLog';
import { ToolExecutor } from '../tools/toolExecutor';
import { ToolRegistry } from '../tools/toolRegistry';
import type { McpManager } from './mcpManager';
import { testMcpManager } from './testing/testMcpManager';
import { echoServerInput } from './testing/mcpFixtures';

describe('McpManager (real MCP server over stdio)', () => {
  let t: TestDb;
  let registry: ToolRegistry;
  let events: RecordingEvents;
  let manager: McpManager;

  const executor = () =>
    new ToolExecutor({ registry, audit: new ToolAuditLog(t.db), logger: createMemoryLogger(), now: Date.now });

  beforeEach(() => {
    t = openTestDb();
    registry = new ToolRegistry();
    events = new RecordingEvents();
    manager = testMcpManager(t.db, registry, events);
  });

  afterEach(async () => {
    await manager.dispose();
    t.db.close();
  });

  it('lists the server tools in the registry as untrusted "ask" tools and runs them', async () => {
    const info = await manager.add(McpServerInput.parse(echoServerInput()));
    expect(info.state).toBe('running');
    expect(info.tools.map((tool) => tool.name).sort()).toEqual(['mcp_echo_test_crash', 'mcp_echo_test_echo']);
    const echo = registry.get('mcp_echo_test_echo');
    // readOnlyHint is the server's claim: the permission still starts at ask, and markup is defused.
    expect(echo?.defaultPermission).toBe('ask');
    expect(echo?.sideEffects).toBe('none');
    expect(echo?.title).not.toContain('<');
    expect(echo?.description.startsWith('[MCP server "Echo Test"]')).toBe(true);
    expect(echo?.source).toBe(info.id);
    expect(echo?.isAvailable?.()).toBe(true);
    expect(echo?.jsonSchema).toMatchObject({ properties: { text: { enum: ['ping', 'pong'] } } });

    const ok = await executor().execute({
      name: 'mcp_echo_test_echo',
      params: { text: 'ping' },
      agentId: 'a',
      permissions: { mcp_echo_test_echo: 'allow' },
    });
    expect(ok.ok).toBe(true);
    expect(ok.content).toContain('echo:ping');

    const invalid = await executor().execute({
      name: 'mcp_echo_test_echo',
      params: { text: 'other' },
      agentId: 'a',
      permissions: { mcp_echo_test_echo: 'allow' },
    });
    expect(invalid.error?.code).toBe('invalid_args');
    expect(events.events.some((e) => e.name === 'mcp.changed')).toBe(true);
  });

  it('marks the tools unavailable when the server dies and tells the agent why; restart brings them back', async () => {
    const info = await manager.add(McpServerInput.parse(echoServerInput()));
    const permissions = { mcp_echo_test_crash: 'allow', mcp_echo_test_echo: 'allow' } as const;
    await executor().execute({ name: 'mcp_echo_test_crash', params: {}, agentId: 'a', permissions });
    await waitFor(() => manager.list()[0]?.state === 'crashed', 10_000, 'crash noticed');
    expect(registry.get('mcp_echo_test_echo')?.isAvailable?.()).toBe(false);

    const down = await executor().execute({
      name: 'mcp_echo_test_echo',
      params: { text: 'pong' },
      agentId: 'a',
      permissions,
    });
    expect(down.ok).toBe(false);
    expect(down.error?.code).toBe('tool_failed');
    expect(down.content).toContain('is not running');
    expect(manager.list()[0]?.error).toMatch(/exited with code 3/);
    // Withdrawn from what the model is offered while down.
    expect(registry.definitionsFor(['mcp_echo_test_echo'])).toEqual({});

    const restarted = await manager.restart(info.id);
    expect(restarted.state).toBe('running');
    const again = await executor().execute({
      name: 'mcp_echo_test_echo',
      params: { text: 'pong' },
      agentId: 'a',
      permissions,
    });
    expect(again.content).toContain('echo:pong');
  });

  it('reports a server that cannot start, and removing it drops its tools', async () => {
    const broken = await manager.add(
      McpServerInput.parse({
        transport: 'stdio',
        name: 'Broken',
        command: process.execPath,
        args: ['-e', 'process.exit(2)'],
      }),
    );
    expect(broken.state).toBe('failed');
    expect(broken.error).toMatch(/could not start/);

    const echo = await manager.add(McpServerInput.parse(echoServerInput()));
    expect(await manager.remove(echo.id)).toBe(true);
    expect(registry.get('mcp_echo_test_echo')).toBeUndefined();
    expect(manager.list().map((s) => s.name)).toEqual(['Broken']);
  });

  it('rejects a duplicate name and a non-loopback HTTP server', async () => {
    await manager.add(McpServerInput.parse(echoServerInput()));
    await expect(manager.add(McpServerInput.parse(echoServerInput()))).rejects.toMatchObject({ code: 'conflict' });
    expect(
      McpServerInput.safeParse({ transport: 'http', name: 'Remote', url: 'https://example.com/mcp' }).success,
    ).toBe(false);
  });
});
