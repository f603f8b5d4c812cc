/** Team routing and builder previews with the real worker and two tiny generated models (router ≠ specialist). */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OutpostError, type ChatDelta, type ChatEvent } from '@contract';
import { AgentDefinition } from '../agents/agentSchema';
import { sampleAgent } from '../agents/testing/agentFixtures';
import * as openDb from '../storage/openDatabase';
import { routeMessage } from './teamRouter';
import { createChatHarness, isEnd, testAgent, type ChatHarness } from './testing/chatHarness';

// Every database open goes through this spy, so a preview that opened one of its own would be counted.
vi.mock('../storage/openDatabase', async (importOriginal) => {
  const real = await importOriginal<typeof openDb>();
  return { ...real, openDatabase: vi.fn(real.openDatabase) };
});

let h: ChatHarness;
const members = [
  testAgent({ id: 'orders', name: 'Orders desk', model: { preferred: 'tiny-2' } }),
  testAgent({ id: 'planner', name: 'Planner', model: { preferred: 'tiny-2' } }),
  testAgent({ id: 'general', name: 'Generalist', model: { preferred: 'tiny-2' } }),
];

function team(overrides: { id?: string; memberIds?: string[] } = {}) {
  const ids = overrides.memberIds ?? members.map((m) => m.id);
  return AgentDefinition.parse(
    sampleAgent({
      id: overrides.id ?? 'desk',
      name: 'Front desk',
      kind: 'team',
      model: { preferred: 'tiny-1' },
      team: {
        routerModel: 'tiny-1',
        members: ids.map((agentId) => ({ agentId, purpose: `Questions for ${agentId}` })),
      },
    }),
  );
}

beforeAll(async () => {
  h = await createChatHarness();
  for (const member of members) h.agents.create(member);
  h.agents.create(team());
}, 180_000);

afterAll(async () => {
  await h?.dispose();
});

const rowCount = (table: string) => (h.t.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('team routing', () => {
  it('the grammar-constrained router only ever names a valid member', async () => {
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.subarray(members, { minLength: 1 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (text, chosen, seed) => {
          const choice = await routeMessage(h.lifecycle, {
            team: team(),
            members: chosen,
            routerModelId: 'tiny-1',
            text,
            requestId: `route-${++calls}`,
            signal: new AbortController().signal,
            // Random weights at temperature 1: many different router outputs, all inside the grammar.
            sampling: { temperature: 1, seed },
          });
          expect(chosen.map((m) => m.id)).toContain(choice.memberId);
          expect(choice.fellBack).toBe(false);
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);

  it('routes a team message to a member that answers with its own model, labelled by the router', async () => {
    const conversationId = h.conversations.create('desk').id;
    const started = h.chat.send({ conversationId, text: 'Where is my order 10042?' });
    await h.chat.waitForIdle(conversationId);
    const chatEvents = h.sink.of('chat.event').filter((e) => e.turnId === started.turnId);
    const events = chatEvents.map((e) => e.event);
    expect(events.at(-1)?.type).toBe('done');
    const routed = events[0];
    if (routed?.type !== 'routed') throw new Error(`expected a routed event first, got ${routed?.type}`);
    expect(members.map((m) => m.id)).toContain(routed.memberId);
    expect(routed).toMatchObject({ teamId: 'desk', memberName: members.find((m) => m.id === routed.memberId)?.name });
    // Events after routing come from the member.
    expect(chatEvents.slice(1).every((e) => e.agentId === routed.memberId)).toBe(true);

    const [user, reply] = h.conversations.messages(conversationId);
    expect(user).toMatchObject({ role: 'user', agentId: 'desk' });
    expect(reply).toMatchObject({
      role: 'assistant',
      status: 'complete',
      agentId: routed.memberId,
      modelId: 'tiny-2',
      routerLabel: routed.memberName,
      routerReason: null,
    });
    // No reason unless the team asks for one: the decision is one constrained token.
    expect(routed.reason).toBeUndefined();
    expect(routed.via).toBe('model');
  }, 120_000);

  it('names missing member agents in a typed error before anything is stored', async () => {
    h.agents.create(team({ id: 'broken-desk', memberIds: ['orders', 'ghost', 'phantom'] }));
    const conversationId = h.conversations.create('broken-desk').id;
    let error: unknown;
    try {
      h.chat.send({ conversationId, text: 'Hello' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutpostError);
    expect(error).toMatchObject({
      code: 'not_found',
      details: { reason: 'member_missing', missing: ['ghost', 'phantom'] },
    });
    expect((error as Error).message).toContain('ghost, phantom');
    expect(h.conversations.messages(conversationId)).toEqual([]);
  });
});

describe('builder preview', () => {
  it('runs an unsaved draft without a database: events carry the previewId, the app database is untouched', async () => {
    const opens = vi.mocked(openDb.openDatabase).mock.calls.length;
    expect(opens).toBeGreaterThan(0); // the harness's own database went through the spy
    const before = {
      conversations: rowCount('conversations'),
      messages: rowCount('messages'),
      agents: rowCount('agents'),
    };
    const draft = testAgent({ id: 'draft-agent', name: 'Draft', tools: { pick_colour: 'allow' } });
    const { turnId } = h.chat.preview({
      previewId: 'preview-1',
      agent: draft,
      history: [
        { role: 'user', content: 'Earlier question' },
        { role: 'assistant', content: 'Earlier answer' },
      ],
      text: 'Try me',
    });
    expect(h.chat.activeTurns()).toEqual([
      expect.objectContaining({ turnId, conversationId: 'preview-1', preview: true }),
    ]);
    await h.chat.waitForIdle('preview-1');
    const events = h.sink.of('chat.event').filter((e) => e.turnId === turnId);
    expect(
      events.every((e: ChatEvent) => e.preview && e.conversationId === 'preview-1' && e.agentId === 'draft-agent'),
    ).toBe(true);
    expect(
      events
        .map((e) => e.event)
        .filter(isEnd)
        .map((e) => e.type),
    ).toEqual(['done']);
    expect(h.sink.of('chat.delta').some((d) => d.conversationId === 'preview-1' && d.delta.length > 0)).toBe(true);
    expect({
      conversations: rowCount('conversations'),
      messages: rowCount('messages'),
      agents: rowCount('agents'),
    }).toEqual(before);
    expect(h.sink.of('conversations.changed').some((e) => e.conversationId === 'preview-1')).toBe(false);
    expect(vi.mocked(openDb.openDatabase).mock.calls.length).toBe(opens);
  }, 180_000);

  it('stops a preview by its previewId', async () => {
    const draft = testAgent({ id: 'draft-long', sampling: { maxTokens: 200, seed: 11 } });
    h.sink.listener = (e) => {
      if (e.name === 'chat.delta' && (e.payload as ChatDelta).conversationId === 'preview-2') {
        h.chat.stop('preview-2');
      }
    };
    try {
      const { turnId } = h.chat.preview({ previewId: 'preview-2', agent: draft, history: [], text: 'A long story' });
      await h.chat.waitForIdle('preview-2');
      expect(h.sink.turn(turnId).at(-1)?.type).toBe('aborted');
    } finally {
      h.sink.listener = null;
    }
    // A draft whose model is missing is refused up front, like a saved agent.
    const missing = testAgent({ id: 'draft-missing', model: { preferred: 'nowhere' } });
    expect(() => h.chat.preview({ previewId: 'preview-3', agent: missing, history: [], text: 'Hi' })).toThrow(
      /Download it from the Catalog/,
    );
  }, 180_000);

  it('forces a tool call in a preview when asked, and waits for approval of an "ask" tool', async () => {
    // pick_colour (the harness's enum-only tool) keeps the forced call short whatever the random weights say.
    const draft = testAgent({ id: 'draft-tools', tools: { pick_colour: 'ask' }, sampling: { maxTokens: 64, seed: 7 } });
    h.sink.listener = (e) => {
      const approval = e.payload as { callId: string; open: boolean };
      if (e.name === 'chat.approval' && approval.open) h.chat.respond(approval.callId, 'deny');
    };
    try {
      const previewId = 'preview-tools';
      const { turnId } = h.chat.preview({
        previewId,
        agent: draft,
        history: [],
        text: 'Pick one.',
        toolChoice: 'required',
      });
      await h.chat.waitForIdle(previewId);
      const finished = h.sink.turn(turnId).find((event) => event.type === 'tool-call-finished');
      expect(finished).toMatchObject({ name: 'pick_colour', decision: 'user-denied' });
    } finally {
      h.sink.listener = null;
    }
  }, 180_000);
});
