import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import { createTestEmbeddings } from '../embeddings/testing/embeddingsHarness';
import { createMemoryLogger } from '../testing/testPorts';
import type { FactStore } from './factStore';
import type { MemoryService } from './memoryService';
import { createTestMemory, installTestEmbeddingModel } from './testing/memoryHarness';

/** A labelled set: each query names the fact it should find first. Synonyms come from the test model. */
const FACTS = {
  dog: "The user's dog is called Rex.",
  car: 'The user drives an old red automobile.',
  coffee: 'The user drinks espresso every morning.',
  birthday: 'The user was born on 4 May.',
  wifi: 'Wifi password is taped under the router zq7x.',
  deadline: 'Project deadline is Friday.',
} as const;
const QUERIES: [string, keyof typeof FACTS][] = [
  ['puppy', 'dog'],
  ['vehicle', 'car'],
  ['latte', 'coffee'],
  ['birthday', 'birthday'],
  ['zq7x', 'wifi'],
  ['deadline', 'deadline'],
];

let embeddings: EmbeddingsClient;
beforeAll(() => {
  embeddings = createTestEmbeddings(createMemoryLogger());
});
afterAll(async () => {
  await embeddings.dispose();
});

function seed(facts: FactStore): Record<keyof typeof FACTS, number> {
  const ids = {} as Record<keyof typeof FACTS, number>;
  for (const [label, text] of Object.entries(FACTS))
    ids[label as keyof typeof FACTS] = facts.add('agent-a', text, 'user').id;
  facts.add('agent-b', 'Agent B keeps a puppy called Fido.', 'user');
  return ids;
}

async function top(memory: MemoryService, query: string) {
  return (await memory.recall('agent-a', query, { k: 3 })).hits;
}

describe('MemoryService hybrid recall', () => {
  it('finds each labelled fact; keyword and vector search both contribute', async () => {
    const { facts, memory, embeddingsDir } = createTestMemory(embeddings);
    installTestEmbeddingModel(embeddingsDir);
    const ids = seed(facts);
    await memory.start();
    await memory.idle();
    expect(memory.status()).toMatchObject({ mode: 'hybrid', embedded: 7, facts: 7, provider: { active: 'cpu' } });
    for (const [query, label] of QUERIES) {
      const [best] = await top(memory, query);
      expect(best?.fact.id, `query "${query}"`).toBe(ids[label]);
    }
    const [puppy] = await top(memory, 'puppy');
    expect(puppy).toMatchObject({ keywordRank: null, vectorSimilarity: expect.any(Number) }); // vector only
    const [code] = await top(memory, 'zq7x');
    expect(code?.keywordRank).toBe(1); // the rare token only keyword search can pin down
    // Agent B's puppy stays agent B's.
    expect((await top(memory, 'puppy')).map((h) => h.fact.agentId)).not.toContain('agent-b');
    // The remember/recall tools' path goes through the same hybrid recall.
    expect((await facts.recall('agent-a', 'hound', 1))[0]?.id).toBe(ids.dog);
    await memory.dispose();
  });

  it('is keyword-only without an embedding model, and says why', async () => {
    const { facts, memory } = createTestMemory(embeddings);
    seed(facts);
    await memory.start();
    const puppy = await memory.recall('agent-a', 'puppy', { k: 3 });
    expect(puppy).toMatchObject({ mode: 'keyword', reason: 'no embedding model selected', hits: [] });
    expect((await memory.recall('agent-a', 'zq7x', { k: 3 })).hits).toHaveLength(1);
    await memory.dispose();
  });

  it('boosts pinned facts, skips expired ones and keeps to the token budget', async () => {
    let now = Date.parse('2026-11-01T00:00:00Z');
    const { facts, memory } = createTestMemory(null, { now: () => now });
    const plain = facts.add('agent-a', 'Tea with milk in the morning', 'user');
    const pinned = facts.add('agent-a', 'Tea without sugar in the morning', 'user', { pinned: true });
    facts.add('agent-a', 'Tea with lemon in the morning', 'user', { expiresAt: now + 1000 });
    now += 2000;
    const hits = (await memory.recall('agent-a', 'tea morning', { k: 5 })).hits;
    expect(hits.map((h) => h.fact.id)).toEqual([pinned.id, plain.id]);
    const tight = (await memory.recall('agent-a', 'tea morning', { k: 5, tokenBudget: 20 })).hits;
    expect(tight).toHaveLength(1);
    expect(facts.get(pinned.id)?.usedAt).toBe(now);
    await memory.dispose();
  });
});

describe('MemoryService model switch and damaged vectors', () => {
  it('marks vectors stale on a model switch, recalls by keyword meanwhile, re-embeds with progress', async () => {
    const { facts, memory, statuses, embeddingsDir, db } = createTestMemory(embeddings);
    installTestEmbeddingModel(embeddingsDir, 'a-model', 1);
    installTestEmbeddingModel(embeddingsDir, 'b-model', 2);
    seed(facts);
    await memory.start();
    await memory.idle();
    expect(memory.status().model?.name).toBe('a-model');
    const target = memory.status().models.find((m) => m.name === 'b-model')!;
    statuses.length = 0;
    await memory.setEmbeddingModel(target.id);
    const during = await memory.recall('agent-a', 'puppy', { k: 3 });
    expect(during).toMatchObject({ mode: 'keyword', reason: expect.stringMatching(/re-embedding/) });
    await memory.idle();
    expect(statuses.some((s) => s.reembed.running && s.reembed.total === 7 && s.mode === 'keyword')).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ mode: 'hybrid', embedded: 7, model: { name: 'b-model' } });
    const keys = db.prepare('SELECT DISTINCT model_key FROM fact_vectors').pluck().all() as string[];
    expect(keys).toEqual([expect.stringContaining('b-model')]);
    expect((await memory.recall('agent-a', 'puppy', { k: 1 })).mode).toBe('hybrid');
    await expect(memory.setEmbeddingModel('onnx:nope/x.onnx')).rejects.toMatchObject({ code: 'not_found' });
    await memory.dispose();
  });

  it('skips and reports corrupt vector rows, then re-embeds them', async () => {
    const first = createTestMemory(embeddings);
    installTestEmbeddingModel(first.embeddingsDir);
    const ids = seed(first.facts);
    await first.memory.start();
    await first.memory.idle();
    await first.memory.dispose();
    first.db.prepare('UPDATE fact_vectors SET vector = ? WHERE fact_id = ?').run(Buffer.from([1, 2, 3]), ids.dog);
    first.db.prepare('UPDATE fact_vectors SET vector = zeroblob(length(vector)) WHERE fact_id = ?').run(ids.car);

    const again = createTestMemory(embeddings, { db: first.db, embeddingsDir: first.embeddingsDir });
    await again.memory.start();
    expect(again.memory.status().corruptVectors).toBe(2);
    expect(again.logger.lines.some((l) => l.message.includes('corrupt memory vectors'))).toBe(true);
    await again.memory.idle();
    expect(again.memory.status()).toMatchObject({ mode: 'hybrid', embedded: 7 });
    expect((await top(again.memory, 'puppy'))[0]?.fact.id).toBe(ids.dog);
    await again.memory.dispose();
  });

  it('embeds new and edited facts in the background; duplicates merge', async () => {
    const { facts, memory, embeddingsDir } = createTestMemory(embeddings);
    installTestEmbeddingModel(embeddingsDir);
    await memory.start();
    const fact = facts.add('agent-a', 'The user owns a hound.', 'user');
    expect(facts.addOrMerge('agent-a', 'the user owns a hound', 'user')).toMatchObject({
      merged: true,
      fact: { id: fact.id },
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await memory.idle();
    expect(memory.view(facts.get(fact.id)!).embedded).toBe(true);
    facts.update(fact.id, { text: 'The user owns an espresso machine.' });
    expect(memory.view(facts.get(fact.id)!).embedded).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await memory.idle();
    expect((await top(memory, 'latte'))[0]?.fact.id).toBe(fact.id);
    await memory.dispose();
  });
});
