import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createMemoryLogger } from '../testing/testPorts';
import { ToolAuditLog } from './auditLog';
import { toModelJsonSchema } from './jsonSchema';
import type { RequestApproval } from './permissionPolicy';
import { openTestDatabase } from './testing/toolTestKit';
import { ToolExecutor } from './toolExecutor';
import { ToolRegistry } from './toolRegistry';
import { defineTool, ToolError } from './toolTypes';

const EchoInput = z.object({ text: z.string().max(100_000), times: z.number().int().min(1).max(3).optional() });

function setup(options: { requestApproval?: RequestApproval; approvalTimeoutMs?: number } = {}) {
  const db = openTestDatabase();
  const audit = new ToolAuditLog(db);
  const registry = new ToolRegistry();
  const echoRun = vi.fn((input: z.infer<typeof EchoInput>) =>
    Promise.resolve({ echoed: input.text.repeat(input.times ?? 1) }),
  );
  const base = {
    inputSchema: EchoInput,
    jsonSchema: toModelJsonSchema(EchoInput),
    sideEffects: 'none' as const,
    title: 't',
    description: 'd',
  };
  registry.register(defineTool({ ...base, name: 'echo', defaultPermission: 'allow', timeoutMs: 1000, run: echoRun }));
  registry.register(defineTool({ ...base, name: 'echo_ask', defaultPermission: 'ask', timeoutMs: 1000, run: echoRun }));
  let hungSignal: AbortSignal | undefined;
  registry.register(
    defineTool({
      ...base,
      name: 'hang',
      defaultPermission: 'allow',
      timeoutMs: 50,
      run: (_input, ctx) => {
        hungSignal = ctx.signal;
        return new Promise<never>(() => {});
      },
    }),
  );
  registry.register(
    defineTool({
      ...base,
      name: 'boom',
      defaultPermission: 'allow',
      timeoutMs: 1000,
      run: () => Promise.reject(new Error('disk on fire')),
    }),
  );
  registry.register(
    defineTool({
      ...base,
      name: 'missing',
      defaultPermission: 'allow',
      timeoutMs: 1000,
      run: () => Promise.reject(new ToolError('not_found', 'no such thing')),
    }),
  );
  const executor = new ToolExecutor({ registry, audit, logger: createMemoryLogger(), now: Date.now, ...options });
  const call = (
    name: string,
    params: unknown,
    permissions: Record<string, 'allow' | 'ask' | 'deny'> = {},
    signal?: AbortSignal,
  ) => executor.execute({ name, params, agentId: 'agent-a', conversationId: 'conv-1', permissions, signal });
  return { db, audit, executor, call, echoRun, hungSignal: () => hungSignal };
}

describe('ToolExecutor', () => {
  let kit: ReturnType<typeof setup>;
  beforeEach(() => {
    kit = setup();
  });
  afterEach(() => kit.db.close());

  it('runs an allowed tool, wraps its result as data and audits it', async () => {
    const result = await kit.call('echo', { text: 'hi', times: 2 });
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({ echoed: 'hihi' });
    expect(result.content).toContain('<tool_result name="echo">');
    expect(result.content).toContain('{"echoed":"hihi"}');
    const [row] = kit.audit.list({ limit: 10 });
    expect(row).toMatchObject({
      tool: 'echo',
      decision: 'allow',
      outcome: 'ok',
      errorCode: null,
      agentId: 'agent-a',
      conversationId: 'conv-1',
    });
    expect(row?.argsJson).toBe('{"text":"hi","times":2}');
    expect(row?.resultBytes).toBe(Buffer.byteLength(result.content));
  });

  it('reports an unknown tool to the model and audits it', async () => {
    const result = await kit.call('rm_rf', { path: '/' }, { echo: 'allow' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_tool' } });
    expect(result.content).toContain('Available tools: echo');
    expect(kit.audit.list({ limit: 1 })[0]).toMatchObject({
      decision: 'unknown',
      outcome: 'error',
      errorCode: 'unknown_tool',
    });
  });

  it('does not run a call with invalid params, lists the exact issues and counts it', async () => {
    const result = await kit.call('echo', { text: 5, times: 9, extra: 1 });
    expect(kit.echoRun).not.toHaveBeenCalled();
    expect(result.error?.code).toBe('invalid_args');
    expect(result.content).toMatch(/- text: .*string/i);
    expect(result.content).toMatch(/- times: .*3/);
    await kit.call('echo', {});
    expect(kit.audit.countByDecision('agent-a')).toEqual({ invalid: 2 });
  });

  it('treats null optional arguments (forced by the grammar) as absent', async () => {
    const result = await kit.call('echo', { text: 'a', times: null });
    expect(result.data).toEqual({ echoed: 'a' });
    expect(kit.echoRun).toHaveBeenCalledWith({ text: 'a' }, expect.anything());
  });

  it('does not run a denied tool and says the user denied it', async () => {
    const result = await kit.call('echo', { text: 'x' }, { echo: 'deny' });
    expect(kit.echoRun).not.toHaveBeenCalled();
    expect(result.error?.code).toBe('denied');
    expect(result.content).toContain('denied');
    expect(kit.audit.list({ limit: 1 })[0]).toMatchObject({ decision: 'deny', outcome: 'error' });
  });

  it('asks for approval with the exact validated args and runs when approved', async () => {
    const requestApproval = vi.fn<RequestApproval>(() => Promise.resolve('approve'));
    kit = setup({ requestApproval });
    const result = await kit.call('echo', { text: 'hello' }, { echo: 'ask' });
    expect(result.ok).toBe(true);
    expect(requestApproval).toHaveBeenCalledWith(
      expect.objectContaining({ agentId: 'agent-a', tool: 'echo', args: { text: 'hello' } }),
      expect.any(AbortSignal),
    );
    expect(kit.audit.list({ limit: 1 })[0]).toMatchObject({ decision: 'ask-approved', outcome: 'ok' });
  });

  it('does not run when the user denies the approval', async () => {
    kit = setup({ requestApproval: () => Promise.resolve('deny') });
    const result = await kit.call('echo_ask', { text: 'hello' });
    expect(kit.echoRun).not.toHaveBeenCalled();
    expect(result.content).toContain('the user denied it');
    expect(kit.audit.list({ limit: 1 })[0]).toMatchObject({ decision: 'ask-denied', errorCode: 'denied' });
  });

  it('treats an unanswered approval as a denial after the timeout and closes the card', async () => {
    let cardSignal: AbortSignal | undefined;
    kit = setup({
      approvalTimeoutMs: 30,
      requestApproval: (_req, signal) => {
        cardSignal = signal;
        return new Promise(() => {});
      },
    });
    const result = await kit.call('echo_ask', { text: 'hello' });
    expect(kit.echoRun).not.toHaveBeenCalled();
    expect(result.error?.message).toMatch(/no answer from the user/);
    expect(cardSignal?.aborted).toBe(true);
    expect(kit.audit.list({ limit: 1 })[0]).toMatchObject({ decision: 'ask-denied' });
  });

  it('treats a cancelled run while waiting for approval as a denial', async () => {
    kit = setup({ requestApproval: () => new Promise(() => {}) });
    const controller = new AbortController();
    const pending = kit.call('echo_ask', { text: 'hello' }, {}, controller.signal);
    controller.abort();
    const result = await pending;
    expect(result.error?.message).toMatch(/cancelled/);
    expect(kit.echoRun).not.toHaveBeenCalled();
  });

  it('stops a hung tool at its timeout and aborts its signal', async () => {
    const result = await kit.call('hang', { text: 'x' });
    expect(result.error?.code).toBe('timeout');
    expect(kit.hungSignal()?.aborted).toBe(true);
    expect(kit.audit.list({ limit: 1 })[0]).toMatchObject({
      decision: 'allow',
      outcome: 'timeout',
      errorCode: 'timeout',
    });
  });

  it('turns a throwing tool into a typed error result', async () => {
    const result = await kit.call('boom', { text: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'tool_failed' } });
    expect(result.content).toContain('disk on fire');
    const typed = await kit.call('missing', { text: 'x' });
    expect(typed.error).toEqual({ code: 'not_found', message: 'no such thing' });
    expect(kit.audit.list({ limit: 5 }).map((r) => r.outcome)).toEqual(['error', 'error']);
  });

  it('caps a large result for the model and the audited args', async () => {
    const big = 'a'.repeat(50_000);
    const result = await kit.call('echo', { text: big });
    expect(Buffer.byteLength(result.content)).toBeLessThan(9 * 1024);
    expect(result.content).toMatch(/\[truncated: showing the first 8192 of \d+ bytes\]/);
    expect(kit.audit.list({ limit: 1 })[0]?.argsJson.length).toBeLessThan(4200);
  });

  it('pages the audit log newest first, per agent', async () => {
    await kit.call('echo', { text: '1' });
    await kit.call('echo', { text: '2' });
    await kit.executor.execute({ name: 'echo', params: { text: '3' }, agentId: 'agent-b', permissions: {} });
    const all = kit.audit.list({ limit: 10 });
    expect(all.map((r) => r.agentId)).toEqual(['agent-b', 'agent-a', 'agent-a']);
    const page = kit.audit.list({ agentId: 'agent-a', limit: 1, before: all[1]!.id });
    expect(page.map((r) => r.argsJson)).toEqual(['{"text":"1"}']);
  });
});
