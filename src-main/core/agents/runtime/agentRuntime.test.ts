/**
 * The turn loop end to end: a real worker process, a tiny generated model (random weights, so text is
 * gibberish; function calls are grammar-forced), real SQLite stores and the real tool executor.
 */
import path from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '@contract';
import { writeTestModel } from '../../../../scripts/test-model/make-test-model';
import { ConversationStore } from '../../conversations/conversationStore';
import { toStorageError } from '../../storage/storageErrors';
import type { InferenceEngine } from '../../inference/engine';
import { createTestEngine, testLoadOptions } from '../../inference/testing/engineHarness';
import { ModelLifecycle } from '../../lifecycle/modelLifecycle';
import { RequestMetricsStore } from '../../lifecycle/requestMetricsStore';
import { ModelRegistry } from '../../models/modelRegistry';
import { createMemoryLogger, makeTempDir, RecordingEvents } from '../../testing/testPorts';
import { ToolAuditLog } from '../../tools/auditLog';
import { createBuiltinRegistry, createToolStores, type ToolStores } from '../../tools/builtin/index';
import type { RequestApproval } from '../../tools/permissionPolicy';
import { ToolExecutor } from '../../tools/toolExecutor';
import type { ToolRegistry } from '../../tools/toolRegistry';
import { defineTool } from '../../tools/toolTypes';
import { AgentDefinition, type AgentDefinitionInput } from '../agentSchema';
import { AgentStore } from '../agentStore';
import { openTestDb, sampleAgent, type TestDb } from '../testing/agentFixtures';
import { AgentRuntime } from './agentRuntime';
import type { RuntimeEvent } from './runtimeTypes';

// The tiny model's BPE never makes more tokens than bytes; +24 covers the ChatML markers around a message.
const countTokens = (text: string) => Buffer.byteLength(text, 'utf8') + 24;

let engine: InferenceEngine;
let t: TestDb;
let lifecycle: ModelLifecycle;
let conversations: ConversationStore;
let registry: ToolRegistry;
let stores: ToolStores;
let audit: ToolAuditLog;

// A deterministic tool: its enum argument means any grammar-forced call is valid, so approval is reached.
const pickColour = defineTool({
  name: 'pick_colour',
  title: 'Pick a colour',
  description: 'Pick a colour.',
  inputSchema: z.object({ colour: z.enum(['red', 'blue']) }),
  jsonSchema: { type: 'object', properties: { colour: { enum: ['red', 'blue'] } }, required: ['colour'] },
  defaultPermission: 'ask',
  sideEffects: 'none',
  timeoutMs: 1_000,
  run: async (input) => ({ picked: input.colour }),
});

beforeAll(async () => {
  engine = createTestEngine();
  t = openTestDb();
  const modelsDir = path.join(makeTempDir(), 'models');
  await writeTestModel(path.join(modelsDir, 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
  const models = new ModelRegistry(t.db, t.dbFile, modelsDir, createMemoryLogger(), Date.now);
  await models.scan();
  // Function docs go into the system prompt: tool rounds need more than the default 512 tokens.
  models.setLoadOptions('tiny-1', testLoadOptions({ contextSize: 2048, parallelSequences: 1 }));
  lifecycle = new ModelLifecycle({
    engine,
    models,
    settings: () => DEFAULT_SETTINGS,
    totalRamBytes: () => 24 * 1024 ** 3,
    metrics: new RequestMetricsStore(t.db, createMemoryLogger()),
    events: new RecordingEvents(),
    logger: createMemoryLogger(),
    clock: { now: Date.now },
  });
  new AgentStore(t.db, t.dbFile, t.clock).create(sampleAgent());
  conversations = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock });
  stores = createToolStores(t.db, Date.now);
  registry = createBuiltinRegistry(stores);
  registry.register(pickColour);
  audit = new ToolAuditLog(t.db);
}, 180_000);

afterAll(async () => {
  await engine?.dispose();
  t?.db.close();
});

function agent(overrides: Partial<AgentDefinitionInput> = {}) {
  return AgentDefinition.parse(
    sampleAgent({
      model: { preferred: 'tiny-1' },
      sampling: { maxTokens: 48, seed: 7 },
      context: { strategy: 'truncate-oldest', reserveForReply: 256 },
      ...overrides,
    }),
  );
}

function setup(options: { maxToolRounds?: number; onEvent?: (e: RuntimeEvent) => void } = {}) {
  const events: RuntimeEvent[] = [];
  const runtime = new AgentRuntime({
    lifecycle,
    conversations,
    executorFor: (requestApproval) =>
      new ToolExecutor({ registry, audit, logger: createMemoryLogger(), now: Date.now, requestApproval }),
    registry,
    facts: stores.facts,
    events: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
    logger: createMemoryLogger(),
    clock: { now: Date.now },
    countTokens,
    maxToolRounds: options.maxToolRounds,
  });
  const conversationId = conversations.create('helper').id;
  const of = <K extends RuntimeEvent['type']>(type: K) =>
    events.filter((e): e is Extract<RuntimeEvent, { type: K }> => e.type === type);
  return { runtime, events, of, conversationId };
}

const neverAsked: RequestApproval = () => Promise.reject(new Error('approval should not be needed'));

describe('AgentRuntime with the real worker', () => {
  it('runs a forced tool call, feeds the result back, streams the answer and persists it all in order', async () => {
    stores.facts.add('helper', 'The user drinks green tea every morning.', 'user');
    const s = setup();
    const result = await s.runtime.runTurn({
      // The time-zone string can run long; room enough that the forced call is never cut off.
      agent: agent({ tools: { current_datetime: 'allow' }, memory: { enabled: true }, sampling: { maxTokens: 200 } }),
      conversationId: s.conversationId,
      userText: 'What time is it? Also, tea?',
      signal: new AbortController().signal,
      toolChoice: 'required',
      requestApproval: neverAsked,
    });
    expect(result).toMatchObject({ status: 'done', error: null });
    const messages = conversations.messages(s.conversationId);
    expect(messages.slice(0, 3).map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messages[1]?.functionCalls?.[0]?.name).toBe('current_datetime');
    expect(messages[2]?.content).toContain('<tool_result name="current_datetime"');
    const last = messages.at(-1);
    expect(last).toMatchObject({ role: 'assistant', status: 'complete', functionCalls: null, id: result.messageId });
    expect(messages.every((m) => m.status === 'complete')).toBe(true);

    const started = s.of('tool-call-started');
    expect(started[0]).toMatchObject({ round: 1, name: 'current_datetime' });
    expect(started[0]?.args).toEqual(messages[1]?.functionCalls?.[0]?.params);
    const finished = s.of('tool-call-finished')[0];
    expect(finished).toMatchObject({ name: 'current_datetime', resultMessageId: messages[2]?.id });
    // The event carries the stored tool row with its structured result (the row's model-facing text stays home).
    expect(finished?.resultRow).toMatchObject({
      id: messages[2]?.id,
      role: 'tool',
      toolResult: messages[2]?.toolResult,
    });
    expect(finished?.resultRow.content).toBeUndefined();
    expect(messages[2]?.toolResult).toMatchObject({
      callId: finished?.callId,
      name: 'current_datetime',
      ok: finished?.ok,
      decision: finished?.decision,
    });
    expect(messages[2]?.content).toContain(messages[2]?.toolResult?.output);
    // The calling round's row went out as stored once it ended, before its tool ran.
    const roundEnded = s.of('round-ended')[0];
    expect(roundEnded).toMatchObject({ round: 1, row: { id: messages[1]?.id, status: 'complete' } });
    expect(roundEnded?.row.functionCalls).toEqual(messages[1]?.functionCalls);
    expect(s.events.indexOf(roundEnded!)).toBeLessThan(s.events.indexOf(finished!));
    // Random weights pick a random zone: the call is either run or rejected as invalid, and audited either way.
    expect([finished?.ok ? 'allowed' : 'not-run']).toContain(finished?.decision);
    const auditRow = t.db.prepare('SELECT tool FROM tool_audit WHERE call_id = ?').get(finished?.callId);
    expect(auditRow).toEqual({ tool: 'current_datetime' });
    expect(s.of('context')[0]?.memoryIncluded).toBe(true);
    const tokens = s.of('token').filter((e) => e.messageId === last?.id);
    expect(tokens.map((e) => e.delta).join('')).toBe(last?.content);
    const done = s.of('done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ messageId: last?.id });
    // The answer's row as stored: metrics and status without its text, which already streamed unchanged.
    expect(done[0]?.row).toMatchObject({ id: last?.id, status: 'complete', metrics: last?.metrics });
    expect(done[0]?.row.contentLength).toBe(last?.content.length);
    expect(done[0]?.row.content).toBeUndefined();
    expect(done[0]?.totals.rounds).toBe(s.of('round-started').length);
    expect(s.events.at(-1)?.type).toBe('done');
  }, 120_000);

  it("asks for an 'ask' tool with the exact arguments and runs it when approved", async () => {
    const s = setup();
    const requestApproval = vi.fn<RequestApproval>(async () => 'approve');
    const result = await s.runtime.runTurn({
      agent: agent({ tools: { pick_colour: 'ask' } }),
      conversationId: s.conversationId,
      userText: 'Pick one.',
      signal: new AbortController().signal,
      toolChoice: 'required',
      requestApproval,
    });
    expect(result.status).toBe('done');
    const args = s.of('tool-call-started')[0]?.args;
    expect(requestApproval).toHaveBeenCalled();
    expect(requestApproval.mock.calls[0]?.[0]).toMatchObject({ tool: 'pick_colour', args });
    expect(s.of('tool-call-finished')[0]).toMatchObject({ ok: true, decision: 'approved', error: null });
    expect(conversations.messages(s.conversationId)[2]?.content).toContain('picked');
  }, 120_000);

  it('reports a denied approval to the model and still completes the turn', async () => {
    const s = setup();
    const result = await s.runtime.runTurn({
      agent: agent({ tools: { pick_colour: 'ask' } }),
      conversationId: s.conversationId,
      userText: 'Pick one.',
      signal: new AbortController().signal,
      toolChoice: 'required',
      requestApproval: async () => 'deny',
    });
    expect(result.status).toBe('done');
    expect(s.of('tool-call-finished')[0]).toMatchObject({ ok: false, decision: 'user-denied' });
    expect(s.of('tool-call-finished')[0]?.error?.code).toBe('denied');
    const tool = conversations.messages(s.conversationId)[2];
    expect(tool).toMatchObject({ role: 'tool' });
    expect(tool?.content).toContain('was not run');
    expect(tool?.toolResult).toMatchObject({ ok: false, decision: 'user-denied', error: { code: 'denied' } });
  }, 120_000);

  it('holds the tool-round bound: one tool round, then a round without tools that must answer', async () => {
    const s = setup({ maxToolRounds: 1 });
    const result = await s.runtime.runTurn({
      agent: agent({ tools: { pick_colour: 'allow' } }),
      conversationId: s.conversationId,
      userText: 'Pick one.',
      signal: new AbortController().signal,
      toolChoice: 'required',
      requestApproval: neverAsked,
    });
    expect(result.status).toBe('done');
    expect(s.of('round-started').map((e) => [e.withTools, e.forcedText])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(s.of('tool-rounds-exhausted')).toEqual([{ type: 'tool-rounds-exhausted', rounds: 1 }]);
    const messages = conversations.messages(s.conversationId);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(s.of('tool-call-finished')[0]).toMatchObject({ ok: true, decision: 'allowed' });
    expect(messages[2]?.content).toMatch(/"picked":\s*"(red|blue)"/);
  }, 120_000);

  it('keeps a long history inside the context budget', async () => {
    const s = setup();
    for (let i = 0; i < 120; i++) {
      conversations.addMessage(s.conversationId, {
        role: i % 2 ? 'assistant' : 'user',
        content: `${i} ${'x'.repeat(200)}`,
      });
    }
    const result = await s.runtime.runTurn({
      agent: agent(),
      conversationId: s.conversationId,
      userText: 'Summarise.',
      signal: new AbortController().signal,
      requestApproval: neverAsked,
    });
    const done = s.of('done')[0];
    expect(result.status).toBe('done');
    const context = s.of('context')[0];
    expect(context?.droppedMessages).toBeGreaterThan(50);
    expect(context?.usedTokens).toBeLessThanOrEqual(context?.budget ?? 0);
    expect(context?.budget).toBe(2048 - 256);
    const metrics = done?.row.metrics;
    expect((metrics?.promptTokens ?? 0) + (metrics?.completionTokens ?? 0)).toBeLessThanOrEqual(2048);
    expect(metrics?.promptTokens).toBeLessThanOrEqual(context?.usedTokens ?? 0);
  }, 120_000);

  it('keeps the partial text of an aborted reply, marked aborted', async () => {
    const controller = new AbortController();
    const s = setup({ onEvent: (e) => e.type === 'token' && controller.abort() });
    const result = await s.runtime.runTurn({
      agent: agent({ sampling: { maxTokens: 200 } }),
      conversationId: s.conversationId,
      userText: 'Tell me a long story.',
      signal: controller.signal,
      requestApproval: neverAsked,
    });
    expect(result.status).toBe('aborted');
    const reply = conversations.getMessage(result.messageId ?? '');
    expect(reply).toMatchObject({ role: 'assistant', status: 'error', error: { code: 'aborted' } });
    expect(reply.content.length).toBeGreaterThan(0);
    expect(s.of('aborted')[0]?.text).toBe(reply.content);
  }, 120_000);

  it('keeps the partial reply as incomplete (worker_crashed) when the worker dies mid-stream', async () => {
    const pid = engine.status().pid ?? 0;
    expect(pid).toBeGreaterThan(0);
    const s = setup({
      onEvent: (e) => {
        if (e.type === 'token' && engine.status().pid === pid) process.kill(pid, 'SIGKILL');
      },
    });
    const result = await s.runtime.runTurn({
      agent: agent({ sampling: { maxTokens: 200 } }),
      conversationId: s.conversationId,
      userText: 'Tell me a long story.',
      signal: new AbortController().signal,
      requestApproval: neverAsked,
    });
    expect(result).toMatchObject({ status: 'error', error: { code: 'worker_crashed' } });
    expect(s.of('error')[0]).toMatchObject({ code: 'worker_crashed', messageId: result.messageId });
    const reply = conversations.getMessage(result.messageId ?? '');
    expect(reply).toMatchObject({ role: 'assistant', status: 'incomplete', error: { code: 'worker_crashed' } });
    expect(reply.content.length).toBeGreaterThan(0);
  }, 60_000);
  it('ends a reply the disk cannot hold at once: failed with storage_error, partial text kept, nothing left streaming', async () => {
    const full = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock });
    let saved = 0;
    // The first chunk lands; then the disk is full, as SQLite reports it.
    vi.spyOn(full, 'appendToMessage').mockImplementation((id, delta) => {
      if (saved++ === 0) return conversations.appendToMessage(id, delta);
      throw toStorageError(
        Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
        t.dbFile,
        'save the reply',
      );
    });
    const events: RuntimeEvent[] = [];
    const runtime = new AgentRuntime({
      lifecycle,
      conversations: full,
      executorFor: (requestApproval) =>
        new ToolExecutor({ registry, audit, logger: createMemoryLogger(), now: Date.now, requestApproval }),
      registry,
      events: (e) => events.push(e),
      logger: createMemoryLogger(),
      clock: { now: Date.now },
      countTokens,
      persistEveryMs: 0,
    });
    const conversationId = full.create('helper').id;
    const result = await runtime.runTurn({
      agent: agent({ sampling: { maxTokens: 200 } }),
      conversationId,
      userText: 'Tell me a long story.',
      signal: new AbortController().signal,
      toolChoice: 'auto',
      requestApproval: neverAsked,
    });
    expect(saved).toBeGreaterThanOrEqual(2);
    expect(result).toMatchObject({ status: 'error', error: { code: 'storage_error' } });
    expect(result.error?.message).toMatch(/disk is full/);
    const reply = full.messages(conversationId).at(-1)!;
    const streamed = events
      .filter((e): e is Extract<RuntimeEvent, { type: 'token' }> => e.type === 'token')
      .map((e) => e.delta)
      .join('');
    expect(reply).toMatchObject({ role: 'assistant', status: 'error', error: { code: 'storage_error' } });
    expect(reply.content.length).toBeGreaterThan(0);
    expect(streamed.startsWith(reply.content)).toBe(true);
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM messages WHERE status = 'streaming'").get()).toEqual({ n: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'storage_error', messageId: reply.id });
  });
});
