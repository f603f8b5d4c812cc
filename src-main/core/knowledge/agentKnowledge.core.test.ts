/**
 * Agents answering from a knowledge base through the real core: a generated folder of ~200 files, an agent in
 * automatic mode (passages in the prompt) and one in tool mode (search_knowledge forced by the grammar). The
 * random-weight model writes gibberish, so the assertions are on stored citations and chunk ids.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatEvent, Citation, KnowledgeBase } from '@contract';
import { writeTestModel } from '../../../scripts/test-model/make-test-model';
import { testAgent } from '../chat/testing/chatHarness';
import { createCore, type Core } from '../createCore';
import { testLoadOptions } from '../inference/testing/engineHarness';
import { modelsDirFor } from '../models/modelRegistry';
import { createTestPorts, makeTempDir } from '../testing/testPorts';
import { makePdf } from './testing/makeDocuments';

const dataDir = makeTempDir('outpost-knowledge-core-');
const docs = makeTempDir('outpost-knowledge-docs-');
const ctx = { signal: new AbortController().signal };
let core: Core | null = null;
let t: ReturnType<typeof createTestPorts>;

afterAll(async () => {
  await core?.dispose();
});

async function call<T>(route: string, input: unknown): Promise<T> {
  const reply = await core!.dispatch({ route, input } as never, ctx);
  if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

async function generateFolder(): Promise<void> {
  for (let i = 0; i < 190; i++) {
    const dir = path.join(docs, `group${i % 7}`);
    fs.mkdirSync(dir, { recursive: true });
    const word = `marker${i}x`;
    const kind = i % 4;
    if (kind === 0) fs.writeFileSync(path.join(dir, `note${i}.md`), `# Note ${i}\n\nThe ${word} lives in note ${i}.`);
    if (kind === 1) fs.writeFileSync(path.join(dir, `page${i}.html`), `<h1>Page ${i}</h1><p>The ${word} is here.</p>`);
    if (kind === 2) fs.writeFileSync(path.join(dir, `rows${i}.csv`), `id,word\n${i},${word}\n`);
    if (kind === 3) fs.writeFileSync(path.join(dir, `code${i}.ts`), `export const value${i} = '${word}';\n`);
  }
  for (let i = 0; i < 10; i++) {
    fs.writeFileSync(
      path.join(docs, `manual${i}.pdf`),
      await makePdf([`manual ${i} cover`, `manual ${i} middle`, `the pdfword${i}y sits on page three`]),
    );
  }
}

async function finishedTurn(turnId: string): Promise<ChatEvent['event'][]> {
  await expect.poll(() => call<unknown[]>('chat.active', {}), { timeout: 90_000, interval: 100 }).toEqual([]);
  return t.events.events
    .filter((e) => e.name === 'chat.event')
    .map((e) => e.payload as ChatEvent)
    .filter((e) => e.turnId === turnId)
    .map((e) => e.event);
}

describe('agents with knowledge bases', () => {
  it('indexes ~200 generated files and cites the right file, page and chunk', async () => {
    await generateFolder();
    await writeTestModel(path.join(modelsDirFor(dataDir), 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
    t = createTestPorts(dataDir);
    core = await createCore(t.ports);
    await call('models.setLoadOptions', { id: 'tiny-1', options: testLoadOptions({ contextSize: 2048 }) });
    await call('tools.grantFolder', { path: docs, agentId: null });
    const base = await call<KnowledgeBase>('knowledge.create', {
      name: 'Docs',
      sources: [{ kind: 'folder', path: docs }],
    });
    await expect
      .poll(async () => (await call<KnowledgeBase>('knowledge.get', { baseId: base.id })).counts, {
        timeout: 120_000,
        interval: 200,
      })
      .toMatchObject({ files: 200, indexed: 200, pending: 0, failed: 0 });

    // Automatic mode: the passages join the prompt and become the answer's citations.
    await call('agents.create', {
      definition: testAgent({
        id: 'kb-auto',
        knowledge: { baseIds: [base.id], mode: 'automatic', maxChunks: 2, tokenBudget: 200 },
      }),
    });
    const auto = await call<{ id: string }>('conversations.create', { agentId: 'kb-auto' });
    const sent = await call<{ turnId: string }>('chat.send', { conversationId: auto.id, text: 'Where is pdfword7y?' });
    const events = await finishedTurn(sent.turnId);
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    const messageId = (done as { messageId: string }).messageId;
    const citations = await call<Citation[]>('knowledge.citations', { messageId });
    const expected = (
      await call<{ hits: { chunkId: number }[] }>('knowledge.search', {
        query: 'pdfword7y',
        baseIds: [base.id],
        k: 1,
      })
    ).hits[0]!.chunkId;
    expect(citations[0]).toMatchObject({ n: 1, chunkId: expected, fileName: 'manual7.pdf', page: 3 });
    const passage = await call<{ hit: { text: string } }>('knowledge.passage', { chunkId: citations[0]!.chunkId });
    expect(passage.hit.text).toContain('pdfword7y');

    // Tool mode: search_knowledge is offered and (forced by the grammar) called; what it returned is cited.
    await call('agents.create', {
      definition: testAgent({
        id: 'kb-tool',
        tools: {},
        // Room for the forced call's JSON: the test tokenizer spends about one token per character.
        sampling: { maxTokens: 600, seed: 7 },
        context: { strategy: 'truncate-oldest', reserveForReply: 700 },
        knowledge: { baseIds: [base.id], mode: 'tool', maxChunks: 2, tokenBudget: 200 },
      }),
    });
    const tool = await call<{ id: string }>('conversations.create', { agentId: 'kb-tool' });
    const forced = await call<{ turnId: string }>('chat.send', {
      conversationId: tool.id,
      text: 'Find marker42x',
      toolChoice: 'required',
    });
    const toolEvents = await finishedTurn(forced.turnId);
    const started = toolEvents.find((e) => e.type === 'tool-call-started') as { name: string; args: { query: string } };
    expect(started.name).toBe('search_knowledge');
    const finished = toolEvents.find((e) => e.type === 'tool-call-finished') as {
      ok: boolean;
      resultMessageId: string;
    };
    expect(finished.ok).toBe(true);
    const last = toolEvents.at(-1) as { type: string; messageId: string };
    expect(last.type).toBe('done');
    const toolCitations = await call<Citation[]>('knowledge.citations', { messageId: last.messageId });
    // The model's query is gibberish: whatever the search returns for it is exactly what the answer cites.
    const same = await call<{ hits: { chunkId: number }[] }>('knowledge.search', {
      query: started.args.query,
      baseIds: [base.id],
      k: 2,
      tokenBudget: 200,
    });
    expect(toolCitations.map((c) => c.chunkId)).toEqual(same.hits.map((h) => h.chunkId));

    // A conversation's replies in one request: keyed by message, a reply without citations left out.
    const many = await call<Record<string, Citation[]>>('knowledge.messageCitations', {
      messageIds: [messageId, last.messageId, finished.resultMessageId, 'no-such-message'],
    });
    const withCitations = [
      [messageId, citations],
      [last.messageId, toolCitations],
    ].filter(([, list]) => list!.length > 0);
    expect(many).toEqual(Object.fromEntries(withCitations));
    expect(many[messageId]).toEqual(citations);
  }, 300_000);
});
