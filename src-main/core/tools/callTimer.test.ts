import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../testing/testPorts';
import { openTestDb, type TestDb } from '../agents/testing/agentFixtures';
import { z } from 'zod';
import { ToolAuditLog } from './auditLog';
import { ToolExecutor, type ToolCallRequest } from './toolExecutor';
import { ToolRegistry } from './toolRegistry';
import { defineTool, eraseTool, type ToolContext } from './toolTypes';

/** The idle timeout of a tool call, on fake timers: progress extends it, a card waiting for the user pauses it. */
describe('tool call idle timeout', () => {
  let t: TestDb;
  beforeEach(() => {
    vi.useFakeTimers();
    t = openTestDb();
  });
  afterEach(() => {
    vi.useRealTimers();
    t.db.close();
  });

  function executorWith(run: (ctx: ToolContext) => Promise<string>) {
    const registry = new ToolRegistry();
    registry.register(
      eraseTool(
        defineTool({
          name: 'slow',
          title: 'Slow',
          description: 'slow',
          inputSchema: z.object({}),
          jsonSchema: { type: 'object', properties: {} },
          defaultPermission: 'allow',
          sideEffects: 'none',
          timeoutMs: 1000,
          run: (_input, ctx) => run(ctx),
        }),
      ),
    );
    const executor = new ToolExecutor({
      registry,
      audit: new ToolAuditLog(t.db),
      logger: createMemoryLogger(),
      now: Date.now,
    });
    return (extra: Partial<ToolCallRequest> = {}) =>
      executor.execute({ name: 'slow', params: {}, agentId: 'a', permissions: {}, ...extra });
  }

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('stopped'))), { once: true });
    });

  it('stops a silent call after its idle timeout', async () => {
    const call = executorWith(async (ctx) => (await sleep(5000, ctx.signal), 'late'))();
    await vi.advanceTimersByTimeAsync(1001);
    expect((await call).error).toMatchObject({ code: 'timeout', message: expect.stringContaining('without progress') });
  });

  it('lets a call that keeps reporting progress run past its idle timeout', async () => {
    const seen: number[] = [];
    const call = executorWith(async (ctx) => {
      for (let i = 1; i <= 5; i++) {
        await sleep(800, ctx.signal);
        ctx.reportProgress?.({ progress: i, total: 5, message: null });
      }
      return 'finished';
    })({ onProgress: (p) => seen.push(p.progress) });
    await vi.advanceTimersByTimeAsync(5000);
    const result = await call;
    expect(result.ok).toBe(true);
    expect(result.output).toContain('finished');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not count the time a form card waits for the user', async () => {
    const call = executorWith(async (ctx) => {
      const answer = await ctx.askForm!({ tool: 'f', title: 'Form', form: { message: 'm', fields: [] } }, ctx.signal);
      return answer.action;
    })({
      requestForm: (_request, signal) => sleep(30_000, signal).then(() => ({ action: 'accept' as const, values: {} })),
    });
    await vi.advanceTimersByTimeAsync(30_001);
    expect((await call).output).toContain('accept');
  });
});
