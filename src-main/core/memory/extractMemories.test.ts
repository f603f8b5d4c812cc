/**
 * Extraction end to end on a real worker and a tiny generated GGUF (random weights: the facts are gibberish,
 * but the JSON-schema grammar guarantees the shape), plus the merge rules with scripted answers.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type GenerateRequest, type GenerateResult } from '../../../src-preload/contract';
import { writeTestModel } from '../../../scripts/test-model/make-test-model';
import { AgentDefinition } from '../agents/agentSchema';
import { sampleAgent } from '../agents/testing/agentFixtures';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import { createTestEmbeddings } from '../embeddings/testing/embeddingsHarness';
import type { InferenceEngine } from '../inference/engine';
import { createTestEngine, testLoadOptions } from '../inference/testing/engineHarness';
import { ModelLifecycle } from '../lifecycle/modelLifecycle';
import { RequestMetricsStore } from '../lifecycle/requestMetricsStore';
import { ModelRegistry } from '../models/modelRegistry';
import { createMemoryLogger, makeTempDir, RecordingEvents } from '../testing/testPorts';
import { openTestDatabase } from '../tools/testing/toolTestKit';
import { FactStore } from './factStore';
import { extractMemories } from './extractMemories';
import { createTestMemory, installTestEmbeddingModel } from './testing/memoryHarness';

const agent = (memory: { enabled: boolean; autoExtract: boolean }) =>
  AgentDefinition.parse(sampleAgent({ model: { preferred: 'tiny-1' }, memory: { ...memory, maxRecalledFacts: 5 } }));
const chat = [
  { id: 'm1', role: 'user' as const, content: 'My dog is called Rex and I drink espresso.' },
  { id: 'm2', role: 'assistant' as const, content: 'Noted!' },
];

describe('extractMemories with the real model', () => {
  let engine: InferenceEngine;
  let lifecycle: ModelLifecycle;
  const db = openTestDatabase();
  beforeAll(async () => {
    engine = createTestEngine();
    const modelsDir = path.join(makeTempDir(), 'models');
    await writeTestModel(path.join(modelsDir, 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
    const models = new ModelRegistry(db, path.join(makeTempDir(), 'x.db'), modelsDir, createMemoryLogger(), Date.now);
    await models.scan();
    models.setLoadOptions('tiny-1', testLoadOptions({ contextSize: 2048, parallelSequences: 1 }));
    lifecycle = new ModelLifecycle({
      engine,
      models,
      settings: () => DEFAULT_SETTINGS,
      totalRamBytes: () => 24 * 1024 ** 3,
      metrics: new RequestMetricsStore(db, createMemoryLogger()),
      events: new RecordingEvents(),
      logger: createMemoryLogger(),
      clock: { now: Date.now },
    });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('gets a grammar-valid answer and stores its facts with provenance', async () => {
    const facts = new FactStore(db, Date.now);
    const options = {
      facts,
      conversationId: 'conv-9',
      signal: new AbortController().signal,
      logger: createMemoryLogger(),
      seed: 3,
    };
    const result = await extractMemories(agent({ enabled: true, autoExtract: true }), chat, lifecycle, options);
    expect(result.error).toBeNull();
    for (const fact of [...result.added, ...result.merged]) {
      expect(fact).toMatchObject({
        agentId: 'helper',
        conversationId: 'conv-9',
        source: 'agent:helper/conversation:conv-9',
      });
    }
    expect(facts.list({ agentId: 'helper', includeGlobal: false })).toHaveLength(result.added.length);
  });

  it('does nothing when the agent has automatic memory off', async () => {
    const facts = new FactStore(db, Date.now);
    const never = { generate: () => Promise.reject(new Error('must not be called')) };
    const options = { facts, conversationId: 'c', signal: new AbortController().signal, logger: createMemoryLogger() };
    expect(await extractMemories(agent({ enabled: true, autoExtract: false }), chat, never, options)).toEqual({
      added: [],
      merged: [],
      error: null,
    });
  });
});

describe('extractMemories merge rules', () => {
  let embeddings: EmbeddingsClient;
  beforeAll(() => {
    embeddings = createTestEmbeddings(createMemoryLogger());
  });
  afterAll(async () => {
    await embeddings.dispose();
  });
  /** Stands in for the model's answer only; storage, recall and embeddings are real. */
  const answering = (text: string) => ({
    generate: async (request: GenerateRequest): Promise<GenerateResult> => {
      expect(request.responseFormat).toMatchObject({ type: 'json_schema' });
      return {
        requestId: request.requestId,
        text,
        finishReason: 'stop',
        functionCalls: [],
        metrics: {
          ttftMs: 1,
          promptTokens: 1,
          completionTokens: 1,
          promptTokensPerSecond: null,
          generationTokensPerSecond: null,
          totalMs: 1,
        },
      };
    },
  });

  it('merges exact and near duplicates, and reports an unusable answer', async () => {
    const { facts, memory, embeddingsDir } = createTestMemory(embeddings);
    installTestEmbeddingModel(embeddingsDir);
    const kept = facts.add('helper', 'The user has a dog called Rex.', 'user');
    await memory.start();
    await memory.idle();
    const options = {
      facts,
      memory,
      conversationId: 'c2',
      signal: new AbortController().signal,
      logger: createMemoryLogger(),
    };
    const result = await extractMemories(
      agent({ enabled: true, autoExtract: true }),
      chat,
      answering(
        JSON.stringify({
          facts: ['The user has a puppy called Rex.', 'The user drinks espresso.', 'The user drinks espresso.', 'ok'],
        }),
      ),
      options,
    );
    expect(result.error).toBeNull();
    expect(result.merged.map((f) => f.id)).toEqual([kept.id]);
    expect(facts.get(kept.id)?.text).toBe('The user has a puppy called Rex.');
    expect(result.added.map((f) => [f.text, f.messageId])).toEqual([['The user drinks espresso.', 'm2']]);
    const bad = await extractMemories(
      agent({ enabled: true, autoExtract: true }),
      chat,
      answering('not json'),
      options,
    );
    expect(bad).toMatchObject({ added: [], merged: [], error: 'the answer was not JSON' });
    await memory.dispose();
  });
});
