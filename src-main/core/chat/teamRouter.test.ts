/** The fast router: one constrained label token by default, a reason only when asked, and the embedding router. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResult } from '@contract';
import { AgentDefinition } from '../agents/agentSchema';
import { sampleAgent } from '../agents/testing/agentFixtures';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import { createTestEmbeddings, makeTestEmbeddingModel, onnxSpec } from '../embeddings/testing/embeddingsHarness';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import { EmbeddingRouter } from './embeddingRouter';
import {
  labelGrammar,
  parseRouterReply,
  routeMessage,
  ROUTER_MESSAGE_CHARS,
  ROUTER_MESSAGE_TOKENS,
  routerExcerpt,
  routerLabels,
  routerMessages,
} from './teamRouter';
import { createChatHarness, testAgent, type ChatHarness } from './testing/chatHarness';

const PURPOSES = ['dog', 'car', 'coffee', 'birthday', 'orders', 'refunds', 'travel', 'weather'];
const members = PURPOSES.map((p, i) =>
  testAgent({ id: `member-${p}`, name: `Desk ${i + 1}`, model: { preferred: 'tiny-2' } }),
);

function team(count: number, router: { mode?: 'model' | 'embedding'; reason?: boolean } = {}) {
  return AgentDefinition.parse(
    sampleAgent({
      id: 'desk',
      name: 'Front desk',
      kind: 'team',
      model: { preferred: 'tiny-1' },
      team: {
        routerModel: 'tiny-1',
        members: members.slice(0, count).map((m, i) => ({ agentId: m.id, purpose: PURPOSES[i]! })),
        ...(router.mode || router.reason !== undefined ? { router } : {}),
      },
    }),
  );
}

let embeddings: EmbeddingsClient;
let embeddingRouter: EmbeddingRouter;
let h: ChatHarness;
let requests: { request: GenerateRequest; result: GenerateResult }[] = [];
let calls = 0;

beforeAll(async () => {
  embeddings = createTestEmbeddings(createMemoryLogger());
  const spec = onnxSpec(makeTestEmbeddingModel(makeTempDir('outpost-router-onnx-')));
  embeddingRouter = new EmbeddingRouter({
    modelKey: () => spec.key,
    embed: (texts, signal) => embeddings.embed(spec, texts, signal),
  });
  h = await createChatHarness({ routerEmbeddings: embeddingRouter });
}, 180_000);

afterAll(async () => {
  await h?.dispose();
  await embeddings?.dispose();
});

/** The real lifecycle, recording what the router asked for and got back. */
const recording = {
  generate: async (request: GenerateRequest, callbacks: Parameters<ChatHarness['lifecycle']['generate']>[1]) => {
    const result = await h.lifecycle.generate(request, callbacks);
    requests.push({ request, result });
    return result;
  },
};

const route = (count: number, text: string, router: Parameters<typeof team>[1] = {}, seed?: number) =>
  routeMessage(recording, {
    team: team(count, router),
    members: members.slice(0, count),
    routerModelId: 'tiny-1',
    text,
    requestId: `route-${++calls}`,
    signal: new AbortController().signal,
    embeddings: embeddingRouter,
    ...(seed === undefined ? {} : { sampling: { temperature: 1, seed } }),
  });

describe('router prompt and labels', () => {
  it('labels members 1..n and keeps the system message independent of the user text', () => {
    expect(routerLabels(3)).toEqual(['1', '2', '3']);
    expect(labelGrammar(['1', '2'])).toBe('root ::= "1" | "2"');
    const a = routerMessages(team(3), members.slice(0, 3), 'first message', false);
    const b = routerMessages(team(3), members.slice(0, 3), 'a different one', false);
    expect(a[0]).toEqual(b[0]);
    expect(a[0]?.content).toContain('1: dog (Desk 1)');
  });

  it('reads only the start of a long message, cut at a word', () => {
    expect(routerExcerpt('  short one  ')).toBe('short one');
    const long = 'word '.repeat(200);
    const excerpt = routerExcerpt(long);
    expect(excerpt.length).toBeLessThanOrEqual(ROUTER_MESSAGE_CHARS + 2);
    expect(excerpt).toMatch(/^(word )+word …$/);
    const unbroken = 'x'.repeat(ROUTER_MESSAGE_CHARS * 2);
    expect(routerExcerpt(unbroken)).toBe(`${'x'.repeat(ROUTER_MESSAGE_CHARS)} …`);
    expect(routerMessages(team(3), members.slice(0, 3), long, false)[1]?.content).toBe(excerpt);
  });

  it('reads only a valid label (or the reason JSON when asked for)', () => {
    expect(parseRouterReply('2', ['1', '2'], false)).toEqual({ label: '2' });
    expect(parseRouterReply('3', ['1', '2'], false)).toBeNull();
    expect(parseRouterReply('{"member":"1","reason":" a  b "}', ['1', '2'], true)).toEqual({
      label: '1',
      reason: 'a b',
    });
    expect(parseRouterReply('{"member":"9","reason":"x"}', ['1', '2'], true)).toBeNull();
  });
});

describe('model router (real worker, random weights)', () => {
  it('always decides a valid member id with one generated token and no reason by default', async () => {
    requests = [];
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (text, count, seed) => {
          const choice = await route(count, text, {}, seed);
          expect(members.slice(0, count).map((m) => m.id)).toContain(choice.memberId);
          expect(choice).toMatchObject({ fellBack: false, via: 'model' });
          expect(choice.reason).toBeUndefined();
        },
      ),
      { numRuns: 16 },
    );
    for (const { request, result } of requests) {
      expect(request.responseFormat.type).toBe('grammar');
      // A decision nobody continues: no end-of-turn state save, and only the message's first tokens are read.
      expect(request).toMatchObject({ saveTurnState: false, lastMessageTokens: ROUTER_MESSAGE_TOKENS });
      expect(result.metrics.completionTokens).toBe(1);
    }
  }, 240_000);

  it('scores the member numbers from one forward pass when greedy (the default)', async () => {
    requests = [];
    for (const count of [3, 8]) {
      const first = await route(count, 'Where is my parcel? It was due yesterday.');
      expect(members.slice(0, count).map((m) => m.id)).toContain(first.memberId);
      expect(first).toMatchObject({ fellBack: false, via: 'model' });
      // The same message again: the sequence holds exactly the prompt, so only its last token is evaluated.
      const again = await route(count, 'Where is my parcel? It was due yesterday.');
      expect(again.memberId).toBe(first.memberId);
      expect(again.phases?.evaluatedTokens).toBe(1);
    }
    for (const { request, result } of requests) {
      expect(request.choices).toEqual(routerLabels(request.choices!.length));
      expect(request.choices).toContain(result.text);
      expect(result).toMatchObject({ finishReason: 'stop', metrics: { completionTokens: 1 } });
    }
  }, 120_000);

  it('adds a short reason when the team turns it on', async () => {
    const choice = await route(3, 'Where is my order?', { reason: true });
    expect(members.slice(0, 3).map((m) => m.id)).toContain(choice.memberId);
    expect(choice.fellBack).toBe(false);
    expect(typeof choice.reason).toBe('string');
  }, 120_000);

  it('sends routed without a reason through chat, and stores no reason', async () => {
    h.agents.create(members[0]!);
    h.agents.create(members[1]!);
    h.agents.create(members[2]!);
    h.agents.create(team(3));
    const conversationId = h.conversations.create('desk').id;
    const started = h.chat.send({ conversationId, text: 'Hello there' });
    await h.chat.waitForIdle(conversationId);
    const routed = h.sink.turn(started.turnId)[0];
    if (routed?.type !== 'routed') throw new Error(`expected routed first, got ${routed?.type}`);
    expect(routed).not.toHaveProperty('reason');
    expect(routed).toMatchObject({ via: 'model', decisionMs: expect.any(Number) });
    // Where the decision's time went, for bench/routing: core's prompt build, then the worker's phases.
    expect(routed.phases).toMatchObject({
      promptBuildMs: expect.any(Number),
      evalMs: expect.any(Number),
      saveMs: expect.any(Number),
      evaluatedTokens: expect.any(Number),
    });
    expect(routed.phases!.decodeMs).toBeLessThanOrEqual(routed.decisionMs!);
    expect(h.conversations.messages(conversationId)[1]).toMatchObject({ routerReason: null });
  }, 120_000);
});

describe('embedding router (real ONNX worker)', () => {
  it('picks the member whose purpose is closest, deterministically, embedding each purpose once', async () => {
    requests = [];
    const cases: [string, string][] = [
      ['puppy', 'member-dog'],
      ['vehicle', 'member-car'],
      ['espresso', 'member-coffee'],
    ];
    for (const [text, expected] of cases) {
      const first = await route(8, text, { mode: 'embedding' });
      const again = await route(8, text, { mode: 'embedding' });
      expect(first).toEqual({ memberId: expected, fellBack: false, via: 'embedding' });
      expect(again).toEqual(first);
    }
    expect(embeddingRouter.cachedPurposes).toBe(8);
    expect(requests).toHaveLength(0); // the router model was never asked
  }, 120_000);

  it('falls back to the router model when no embedding model is available', async () => {
    const none = new EmbeddingRouter({
      modelKey: () => null,
      embed: () => Promise.reject(new Error('unused')),
    });
    const choice = await routeMessage(recording, {
      team: team(3, { mode: 'embedding' }),
      members: members.slice(0, 3),
      routerModelId: 'tiny-1',
      text: 'puppy',
      requestId: `route-${++calls}`,
      signal: new AbortController().signal,
      embeddings: none,
    });
    expect(choice.via).toBe('model');
    expect(members.slice(0, 3).map((m) => m.id)).toContain(choice.memberId);
  }, 120_000);
});
