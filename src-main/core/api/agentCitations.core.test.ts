/**
 * Agent models over the API return the knowledge passages their answer used (`citations`), through the real core
 * on a loopback server, with the official `openai` and `@anthropic-ai/sdk` clients. Documents are generated; the
 * random-weight model writes gibberish, so the assertions are on chunk ids, files, pages and headings.
 */
import fs from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '@contract';
import { writeTestModel } from '../../../scripts/test-model/make-test-model';
import { testAgent } from '../chat/testing/chatHarness';
import { createCore, type Core } from '../createCore';
import { testLoadOptions } from '../inference/testing/engineHarness';
import { writePdf } from '../knowledge/testing/makeDocuments';
import { modelsDirFor } from '../models/modelRegistry';
import { createTestPorts, makeTempDir } from '../testing/testPorts';
import type { ApiCitation } from './apiCitations';
import { freePort } from './testing/apiHarness';

const dataDir = makeTempDir('outpost-api-citations-');
const docs = makeTempDir('outpost-api-citations-docs-');
const ctx = { signal: new AbortController().signal };
let core: Core | null = null;
let openai: OpenAI;
let anthropic: Anthropic;
let baseId = '';

async function call<T>(route: string, input: unknown): Promise<T> {
  const reply = await core!.dispatch({ route, input } as never, ctx);
  if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

/** The chunk the agent's automatic search finds for the same text (its words occur only in that chunk). */
async function bestChunk(query: string): Promise<number> {
  const found = await call<{ hits: { chunkId: number }[] }>('knowledge.search', {
    query,
    baseIds: [baseId],
    k: 1,
    tokenBudget: 200,
  });
  return found.hits[0]!.chunkId;
}

const PDF_QUESTION = 'quillfern9 valve?';
const MD_QUESTION = 'brassmoth4 lever?';

/** expect.poll is for tests only; setup waits on state the same way, with a generous limit for a loaded machine. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const citationsOf = (message: object) => (message as { citations?: ApiCitation[] }).citations;

beforeAll(async () => {
  await writePdf(path.join(docs, 'manual.pdf'), [
    'cover page',
    'nothing here',
    'the quillfern9 valve is on page three',
  ]);
  fs.writeFileSync(
    path.join(docs, 'guide.md'),
    '# Guide\n\nIntro text.\n\n## Setup\n\nTurn the brassmoth4 lever twice.\n\n## Other\n\nUnrelated words.\n',
  );
  await writeTestModel(path.join(modelsDirFor(dataDir), 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
  core = await createCore(createTestPorts(dataDir).ports);
  await call('models.setLoadOptions', { id: 'tiny-1', options: testLoadOptions({ contextSize: 2048 }) });
  await call('tools.grantFolder', { path: docs, agentId: null });
  const base = await call<KnowledgeBase>('knowledge.create', {
    name: 'Docs',
    sources: [{ kind: 'folder', path: docs }],
  });
  baseId = base.id;
  await until(async () => {
    const { counts } = await call<KnowledgeBase>('knowledge.get', { baseId });
    return counts.indexed === 2 && counts.pending === 0;
  }, 'both files indexed');
  await call('agents.create', {
    definition: testAgent({
      id: 'kb-api',
      tools: {},
      knowledge: { baseIds: [baseId], mode: 'automatic', maxChunks: 1, tokenBudget: 200 },
    }),
  });
  await call('agents.create', { definition: testAgent({ id: 'plain-api', tools: {} }) });
  const port = await freePort();
  await call('settings.set', { apiPort: port });
  await call('api.setEnabled', { enabled: true });
  const { key } = await call<{ key: string }>('api.rotateKey', {});
  await until(async () => (await call<{ listening: boolean }>('api.status', {})).listening, 'the API listening');
  openai = new OpenAI({ apiKey: key, baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0, timeout: 120_000 });
  anthropic = new Anthropic({ apiKey: key, baseURL: `http://127.0.0.1:${port}`, maxRetries: 0, timeout: 120_000 });
}, 240_000);

afterAll(async () => {
  await core?.dispose();
});

describe('API citations (agent models, real core and server)', () => {
  it('returns the cited passage on the message: file, page and chunk', async () => {
    const reply = await openai.chat.completions.create({
      model: 'agent:kb-api',
      messages: [{ role: 'user', content: PDF_QUESTION }],
    });
    const citations = citationsOf(reply.choices[0]!.message);
    expect(citations).toEqual([
      expect.objectContaining({
        index: 1,
        chunk_id: await bestChunk(PDF_QUESTION),
        base_id: baseId,
        file_name: 'manual.pdf',
        path: fs.realpathSync(path.join(docs, 'manual.pdf')),
        page: 3,
      }),
    ]);
    expect(citations![0]!.excerpt).toContain('quillfern9');
    expect(citations![0]!.file_id).toEqual(expect.any(Number));
  }, 180_000);

  it('streams them on the closing chunk, where the SDK stream helper puts them on the final message', async () => {
    const stream = openai.chat.completions.stream({
      model: 'agent:kb-api',
      messages: [{ role: 'user', content: MD_QUESTION }],
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    stream.on('chunk', (chunk) => chunks.push(chunk));
    const final = await stream.finalChatCompletion();
    const closing = chunks.find((c) => c.choices[0]?.finish_reason);
    const expected = [
      expect.objectContaining({
        index: 1,
        chunk_id: await bestChunk(MD_QUESTION),
        file_name: 'guide.md',
        page: null,
        heading_path: ['Guide', 'Setup'],
      }),
    ];
    expect(citationsOf(closing!.choices[0]!.delta)).toEqual(expected);
    expect(citationsOf(final.choices[0]!.message)).toEqual(expected);
    // Only the closing chunk carries them.
    expect(chunks.filter((c) => citationsOf(c.choices[0]?.delta ?? {}) !== undefined)).toHaveLength(1);
  }, 180_000);

  it('is an empty list for an agent without knowledge bases', async () => {
    const reply = await openai.chat.completions.create({
      model: 'agent:plain-api',
      messages: [{ role: 'user', content: PDF_QUESTION }],
    });
    expect(citationsOf(reply.choices[0]!.message)).toEqual([]);
  }, 180_000);

  it('comes on the Anthropic message and on its message_delta event', async () => {
    const message = await anthropic.messages.create({
      model: 'agent:kb-api',
      max_tokens: 48,
      messages: [{ role: 'user', content: PDF_QUESTION }],
    });
    const expected = [expect.objectContaining({ index: 1, chunk_id: await bestChunk(PDF_QUESTION), page: 3 })];
    expect(citationsOf(message)).toEqual(expected);

    const events = [];
    const stream = await anthropic.messages.create({
      model: 'agent:kb-api',
      max_tokens: 48,
      stream: true,
      messages: [{ role: 'user', content: PDF_QUESTION }],
    });
    for await (const event of stream) events.push(event);
    const delta = events.find((e) => e.type === 'message_delta');
    expect(citationsOf(delta!)).toEqual(expected);
  }, 180_000);
});
