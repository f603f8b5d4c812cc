/**
 * Progress against the reference server (`@modelcontextprotocol/server-everything`): its long-running operation
 * reports each step; the call outlives its idle timeout because every report restarts it (tools/callTimer.ts).
 * The manager spawns the real server over stdio (so this file keeps its own Vitest process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpServerInput, type ToolProgress } from '@contract';
import { openTestDb, type TestDb } from '../agents/testing/agentFixtures';
import { waitFor } from '../inference/testing/engineHarness';
import { createMemoryLogger } from '../testing/testPorts';
import { ToolAuditLog } from '../tools/auditLog';
import { ToolExecutor } from '../tools/toolExecutor';
import { ToolRegistry } from '../tools/toolRegistry';
import type { McpManager } from './mcpManager';
import { testMcpManager } from './testing/testMcpManager';
import { everythingServerInput } from './testing/mcpFixtures';

const TOOL = 'mcp_everything_trigger_long_running_operation';
/** The idle window this test gives the call (the app's is 60 s); the operation runs twice as long. */
const IDLE_MS = 10_000;
const STEPS = 20;
const DURATION_S = 20; // one report a second: a 9 s margin for a loaded machine

describe('MCP progress from the reference server (server-everything)', () => {
  let t: TestDb;
  let registry: ToolRegistry;
  let manager: McpManager;

  beforeAll(async () => {
    t = openTestDb();
    registry = new ToolRegistry();
    manager = testMcpManager(t.db, registry);
    const info = await manager.add(McpServerInput.parse(everythingServerInput()));
    expect(info.state).toBe('running');
    await waitFor(() => registry.get(TOOL) !== undefined, 60_000, 'long-running tool registered');
  }, 120_000);

  afterAll(async () => {
    await manager?.dispose();
    t?.db.close();
  });

  it('reports each step to the caller and keeps the call alive past its idle timeout while steps arrive', async () => {
    // The same adapted tool (its real call to the server), with a short idle window instead of 60 s.
    const tool = registry.get(TOOL)!;
    registry.unregister(TOOL);
    registry.register({ ...tool, timeoutMs: IDLE_MS });

    const seen: ToolProgress[] = [];
    const executor = new ToolExecutor({
      registry,
      audit: new ToolAuditLog(t.db),
      logger: createMemoryLogger(),
      now: Date.now,
    });
    const result = await executor.execute({
      callId: 'call-long',
      name: TOOL,
      params: { duration: DURATION_S, steps: STEPS },
      agentId: 'a',
      conversationId: 'conv-1',
      permissions: { [TOOL]: 'allow' },
      onProgress: (p) => seen.push(p),
    });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.content).toContain(
      `Long running operation completed. Duration: ${DURATION_S} seconds, Steps: ${STEPS}.`,
    );
    // The SDK client may drop a report that arrives in the same read as the answer: most of them, in order.
    expect(seen.length).toBeGreaterThanOrEqual(STEPS / 2);
    seen.forEach((p, i) => {
      expect(p.total).toBe(STEPS);
      if (i > 0) expect(p.progress).toBeGreaterThan(seen[i - 1]!.progress);
    });
  }, 180_000);
});
