/**
 * bench turns: what a user waits for at the start of a turn (TTFT) through the inference worker, with the
 * prefix-aware sequences and the persistent prompt cache. An agent with a ~1,300-token system prompt:
 * - turn 2 of a conversation vs a warm turn (turn 3+, prefix already in its sequence);
 * - switching between two agents' conversations vs warm;
 * - the next turn right after a worker restart (the app restarting) vs the cold first turn, with the cache
 *   and with it off (what every restart cost before);
 * - the cache's hit rate and disk use.
 * Ratios within one round, then the median over BENCH_REPEATS rounds.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import type { ChatMessage, GenerateResult, PromptCacheStats } from '../src-preload/contract';
import { DEFAULT_LOAD_OPTIONS } from '../src-preload/contract/models';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import { makeTestModel } from '../scripts/test-model/make-test-model';
import { TEST_VOCABULARIES, type TestVocabularyName } from '../scripts/test-model/tokenizer';
import type { InferenceEngine } from '../src-main/core/inference/engine';
import { captureLogger, chatRequest, createTestEngine } from '../src-main/core/inference/testing/engineHarness';
import { makeTempDir } from '../src-main/core/testing/testPorts';
import { machineHeader, percentile, publish } from './lib/report';

const SHAPE = (process.env.BENCH_SHAPE ?? '0.5b') as '0.5b' | '1.5b' | 'tiny';
const THREADS = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CONTEXT = 4096;
const CACHE_BYTES = 1024 * 1024 * 1024;
/** BENCH_VOCABULARY: cl100k (default, a real 100k vocabulary) or tiny (the byte-level test one, ~1 token per char). */
const VOCABULARY = (process.env.BENCH_VOCABULARY ?? 'cl100k') as TestVocabularyName;
if (!TEST_VOCABULARIES.includes(VOCABULARY)) throw new Error(`BENCH_VOCABULARY must be one of ${TEST_VOCABULARIES}`);
const PROMPT_TOKENS = 1300;
const cl100k = VOCABULARY === 'cl100k' ? new Tiktoken(cl100kBase) : undefined;
const countTokens = (text: string): number => cl100k?.encode(text).length ?? text.length;

/** ~1,300 tokens of the model's vocabulary (the tiny one makes about one token per character). */
function systemPrompt(agent: string): string {
  const rules = [
    'Answer in plain words and keep replies short.',
    'Quote the note you used, with its title, before you answer.',
    'When a question is unclear, ask one question back instead of guessing.',
    'Never invent dates, prices or names that the notes do not contain.',
    'Use the calendar tool for anything about meetings and the notes tool for everything else.',
  ];
  let text = `You are ${agent}. `;
  for (let i = 0; countTokens(text) < PROMPT_TOKENS; i++) text += `Rule ${i + 1}: ${rules[i % rules.length]} `;
  return text;
}

interface Round {
  cold: number;
  turn2: number;
  warm: number;
  switchTo: number[];
  restartCached: number;
  restartUncached: number;
  restoredTokens: number;
  stats: PromptCacheStats | null;
}

export async function main(): Promise<void> {
  console.log(`generating/using a ${SHAPE} Q8_0 model...`);
  const modelPath = await makeTestModel({ shape: SHAPE, type: 'Q8_0', seed: 11, vocabulary: VOCABULARY });
  const options = { ...DEFAULT_LOAD_OPTIONS, contextSize: CONTEXT, threads: THREADS, parallelSequences: 2 };
  const rounds: Round[] = [];

  for (let round = 0; round < REPEATS; round++) {
    const cacheDir = makeTempDir('outpost-bench-turns-');
    const start = async (budgetBytes: number): Promise<InferenceEngine> => {
      const engine = createTestEngine(captureLogger(), { promptCache: () => ({ dir: cacheDir, budgetBytes }) });
      await engine.load({ id: 'm', path: modelPath }, options, () => undefined);
      return engine;
    };
    const ask = async (engine: InferenceEngine, history: ChatMessage[], user: string) => {
      const messages: ChatMessage[] = [...history, { role: 'user', content: user }];
      const result: GenerateResult = await engine.generate(
        chatRequest('m', { messages, sampling: { maxTokens: 8, seed: round } }),
        {},
      );
      messages.push({ role: 'assistant', content: result.text });
      return { messages, result, ttft: result.metrics.ttftMs ?? Number.NaN };
    };

    let engine = await start(CACHE_BYTES);
    const a0: ChatMessage[] = [{ role: 'system', content: systemPrompt(`the notes agent (round ${round})`) }];
    const b0: ChatMessage[] = [{ role: 'system', content: systemPrompt(`the calendar agent (round ${round})`) }];
    const a1 = await ask(engine, a0, 'What do the notes say about the Tuesday meeting?');
    const a2 = await ask(engine, a1.messages, 'And who is invited?');
    const a3 = await ask(engine, a2.messages, 'Is there anything about the budget?');
    const b1 = await ask(engine, b0, 'What is on my calendar tomorrow?');
    // Switching back and forth between the two agents' conversations.
    const a4 = await ask(engine, a3.messages, 'Summarise the notes in one line.');
    const b2 = await ask(engine, b1.messages, 'Move the 10 o’clock to 11.');
    const a5 = await ask(engine, a4.messages, 'Thanks. Anything else?');
    const statsBefore = await engine.promptCache?.();
    await engine.dispose();

    // The app restarts: a fresh worker with the saved states on disk.
    engine = await start(CACHE_BYTES);
    const afterRestart = await ask(engine, a5.messages, 'Back again: what was the budget?');
    const stats = (await engine.promptCache?.()) ?? null;
    await engine.dispose();

    // Same restart with the cache off (and emptied): every restart paid this before.
    engine = await start(0);
    const uncached = await ask(engine, a5.messages, 'Back again: what was the budget?');
    await engine.dispose();
    rmSync(cacheDir, { recursive: true, force: true });

    rounds.push({
      cold: a1.ttft,
      turn2: a2.ttft,
      warm: a3.ttft,
      switchTo: [b2.ttft, a4.ttft, a5.ttft],
      restartCached: afterRestart.ttft,
      restartUncached: uncached.ttft,
      restoredTokens: afterRestart.result.metrics.restoredPromptTokens ?? 0,
      stats: stats && statsBefore ? { ...stats, hits: stats.hits, misses: statsBefore.misses + stats.misses } : stats,
    });
    console.log(
      `round ${round + 1}: cold ${a1.ttft.toFixed(0)} ms, turn 2 ${a2.ttft.toFixed(0)} ms, warm ${a3.ttft.toFixed(0)} ms, ` +
        `switch ${[b2.ttft, a4.ttft, a5.ttft].map((t) => t.toFixed(0)).join('/')} ms, ` +
        `restart ${afterRestart.ttft.toFixed(0)} ms (no cache ${uncached.ttft.toFixed(0)} ms), b1 ${b1.ttft.toFixed(0)} ms`,
    );
  }

  const median = (pick: (r: Round) => number) => percentile(rounds.map(pick), 50);
  const switchWorst = (r: Round) => Math.max(...r.switchTo);
  const last = rounds.at(-1)?.stats;
  const lookups = rounds.reduce((n, r) => n + (r.stats ? r.stats.hits + r.stats.misses : 0), 0);
  const hits = rounds.reduce((n, r) => n + (r.stats?.hits ?? 0), 0);
  const rows: (string | number)[][] = [
    ['cold first turn (TTFT, ms)', median((r) => r.cold), 'baseline', ''],
    ['warm turn (turn 3, ms)', median((r) => r.warm), 'baseline', ''],
    ['turn 2 / warm', median((r) => r.turn2 / r.warm), '≤ 1.5×', ''],
    ['switching agents (worst of 3) / warm', median((r) => switchWorst(r) / r.warm), '≤ 1.5×', ''],
    ['after restart, cached / cold first turn', median((r) => r.restartCached / r.cold), '≤ 0.3×', ''],
    ['after restart, cache off / cold first turn', median((r) => r.restartUncached / r.cold), '(before)', ''],
    ['tokens restored after restart', median((r) => r.restoredTokens), '', ''],
    [
      'disk cache hit rate (hits / (hits + misses))',
      lookups > 0 ? hits / lookups : Number.NaN,
      '',
      `${hits}/${lookups}`,
    ],
    ['disk used at the end of a round (MiB)', (last?.bytes ?? 0) / 1024 ** 2, '', `${last?.entries ?? 0} files`],
  ];
  for (const row of rows) {
    const [, value, target] = row;
    if (typeof target === 'string' && target.startsWith('≤') && typeof value === 'number')
      row[3] = value <= Number(target.slice(1).replace('×', '').trim()) ? 'yes' : 'no';
  }
  publish(
    'turns',
    machineHeader({
      backend: 'cpu',
      model: `${SHAPE} Q8_0, ${VOCABULARY} vocabulary, context ${CONTEXT} × 2 sequences`,
      threads: String(THREADS),
      rounds: String(REPEATS),
    }),
    [{ title: 'TTFT across turns, switches and restarts', columns: ['measure', 'value', 'target', 'met'], rows }],
    { rounds },
  );
}
