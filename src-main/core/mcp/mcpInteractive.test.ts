/**
 * A server that talks back during a tool call (official SDK McpServer over stdio): forms (elicitation) answered
 * through the chat's card broker, progress reported to the turn, and media for the tool card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpServerInput, type ApprovalRequestEvent, type ToolProgress } from '@contract';
import { openTestDb, type TestDb } from '../agents/testing/agentFixtures';
import { ApprovalBroker } from '../chat/approvalBroker';
import { waitFor } from '../inference/testing/engineHarness';
import { createMemoryLogger } from '../testing/testPorts';
import { ToolAuditLog } from '../tools/auditLog';
import { ToolExecutor } from '../tools/toolExecutor';
import { ToolRegistry } from '../tools/toolRegistry';
import type { RequestForm } from '../tools/toolTypes';
import type { McpManager } from './mcpManager';
import { testMcpManager } from './testing/testMcpManager';
import { formsServerInput } from './testing/mcpFixtures';

describe('MCP forms, progress and media (real SDK server over stdio)', () => {
  let t: TestDb;
  let registry: ToolRegistry;
  let manager: McpManager;
  let cards: ApprovalRequestEvent[];
  let broker: ApprovalBroker;

  beforeAll(async () => {
    t = openTestDb();
    registry = new ToolRegistry();
    manager = testMcpManager(t.db, registry);
    const info = await manager.add(McpServerInput.parse(formsServerInput()));
    expect(info.state).toBe('running');
  }, 120_000);

  afterAll(async () => {
    await manager?.dispose();
    t?.db.close();
  });

  function run(
    tool: string,
    params: unknown,
    extra: { requestForm?: RequestForm; onProgress?: (p: ToolProgress) => void } = {},
  ) {
    cards = [];
    broker = new ApprovalBroker((event) => cards.push(event));
    const executor = new ToolExecutor({
      registry,
      audit: new ToolAuditLog(t.db),
      logger: createMemoryLogger(),
      now: Date.now,
    });
    const name = `mcp_forms_${tool}`;
    return executor.execute({
      callId: 'call-1',
      name,
      params,
      agentId: 'a',
      conversationId: 'conv-1',
      permissions: { [name]: 'allow' },
      ...extra,
    });
  }

  const answerOf = (content: string) => JSON.parse(/\{.*\}/s.exec(content)?.[0] ?? 'null') as Record<string, unknown>;
  const chatForms = () => broker.formRequesterFor({ turnId: 'turn-1', conversationId: 'conv-1' });
  const openCard = async () => {
    await waitFor(() => cards.some((c) => c.open), 30_000, 'form card opened');
    return cards.find((c) => c.open)!;
  };

  it('shows the form as a card in the conversation and sends the checked values back on accept', async () => {
    const pending = run('ask_details', {}, { requestForm: (r, s) => chatForms()(r, s) });
    const card = await openCard();
    expect(card).toMatchObject({ callId: 'call-1:form-1', conversationId: 'conv-1', tool: 'mcp_elicitation' });
    expect(card.title).toContain('Forms');
    expect(card.form?.message).toBe('Who is asking?');
    expect(card.form?.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['name', 'string', true],
      ['age', 'integer', false],
      ['colour', 'enum', false],
      ['subscribe', 'boolean', false],
    ]);
    // A wrong answer is refused with the field's name and the card stays open for a right one.
    expect(() => broker.respond(card.callId, 'approve', { age: 30 })).toThrow(/Your name is required/);
    expect(() => broker.respond(card.callId, 'approve', { name: 'Ada', age: 300 })).toThrow(/at most 150/);
    expect(broker.list()).toHaveLength(1);
    expect(broker.respond(card.callId, 'approve', { name: 'Ada', age: '36', colour: 'green', extra: 'x' })).toBe(true);
    const result = await pending;
    expect(result.ok).toBe(true);
    expect(answerOf(result.content)).toEqual({
      answered: { action: 'accept', content: { name: 'Ada', age: 36, colour: 'green' } },
    });
    expect(cards.at(-1)).toMatchObject({ open: false, outcome: 'approved' });
  });

  it('sends decline and cancel as the user chose them', async () => {
    for (const [decision, action, outcome] of [
      ['deny', 'decline', 'denied'],
      ['cancel', 'cancel', 'cancelled'],
    ] as const) {
      const pending = run('ask_details', {}, { requestForm: (r, s) => chatForms()(r, s) });
      const card = await openCard();
      broker.respond(card.callId, decision);
      expect(answerOf((await pending).content)).toEqual({ answered: { action } });
      expect(cards.at(-1)).toMatchObject({ open: false, outcome });
    }
  });

  it('declines for a background job or an API call, where no one can answer', async () => {
    const result = await run('ask_details', {});
    expect(answerOf(result.content)).toEqual({ answered: { action: 'decline' } });
  });

  it('reports the server progress to the caller, in order, with total and message', async () => {
    const seen: ToolProgress[] = [];
    const result = await run('count_slowly', { steps: 3 }, { onProgress: (p) => seen.push(p) });
    expect(answerOf(result.content)).toMatchObject({ counted: 3, token: expect.anything() });
    // The SDK client drops a notification that arrives in the same read as the response: at least one, in order.
    expect(seen.length).toBeGreaterThan(0);
    seen.forEach((p, i) => {
      expect(p).toEqual({ progress: p.progress, total: 3, message: `step ${p.progress}` });
      if (i > 0) expect(p.progress).toBeGreaterThan(seen[i - 1]!.progress);
    });
  });

  it('returns images and audio as data URLs and links as links; unsafe types are named, not shown', async () => {
    const result = await run('picture', {});
    expect(result.ok).toBe(true);
    expect(result.content).toContain('[image: image/png, 70 B]');
    expect(result.media?.map((m) => [m.kind, m.mimeType, m.dataUrl?.slice(0, 22) ?? null, m.omitted])).toEqual([
      ['image', 'image/png', 'data:image/png;base64,', null],
      ['audio', 'audio/wav', 'data:audio/wav;base64,', null],
      ['image', 'image/svg+xml', null, 'image/svg+xml is not shown'],
      ['link', 'application/pdf', null, null],
    ]);
    expect(result.media?.[3]).toMatchObject({ uri: 'https://example.org/report.pdf', name: 'report.pdf' });
  });
});
