/**
 * The patched engine's native token loop (patches/node-llama-cpp+3.22.1+tokenloop.patch + the LlamaContext part
 * of patches/js): generation through it must be indistinguishable from node-llama-cpp's own per-token path.
 * NODE_LLAMA_CPP_TOKEN_LOOP=0 switches the loop off for the reference runs. Skips on an engine without the loop.
 */
import {
  getLlama,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  LlamaChatSession,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tinyModelPath } from '../testing/engineHarness';

const TIMEOUT = 120_000;

interface LoopInternals {
  _ctx: { startTokenLoop?: unknown; getSequenceKvCacheMaxPosition(sequenceId: number): number };
  _nativeTokenLoop?: { done: Promise<void> };
}
const internals = (context: LlamaContext) => context as unknown as LoopInternals;
const sequenceId = (sequence: LlamaContextSequence) => (sequence as unknown as { _sequenceId: number })._sequenceId;

/** Whether the loop is installed: the addon method (local build) and its JS side (patches/js) on a real context. */
async function engineHasTokenLoop(): Promise<boolean> {
  const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, progressLogs: false });
  try {
    const model = await llama.loadModel({ modelPath: await tinyModelPath() });
    const context = await model.createContext({ contextSize: 256, threads: 1 });
    const sequence = context.getSequence() as unknown as { _canUseNativeTokenLoop?: unknown };
    const has =
      typeof internals(context)._ctx.startTokenLoop === 'function' &&
      typeof sequence._canUseNativeTokenLoop === 'function';
    await context.dispose();
    await model.dispose();
    return has;
  } finally {
    await llama.dispose();
  }
}

const hasLoop = await engineHasTokenLoop();

function withLoop<T>(enabled: boolean, run: () => Promise<T>): Promise<T> {
  const previous = process.env.NODE_LLAMA_CPP_TOKEN_LOOP;
  process.env.NODE_LLAMA_CPP_TOKEN_LOOP = enabled ? '1' : '0';
  return run().finally(() => {
    if (previous === undefined) delete process.env.NODE_LLAMA_CPP_TOKEN_LOOP;
    else process.env.NODE_LLAMA_CPP_TOKEN_LOOP = previous;
  });
}

/** Greedy tokens after `first`, reporting whether the native loop was live while they were produced. */
async function greedy(sequence: LlamaContextSequence, first: Token, count: number) {
  const tokens: Token[] = [];
  let sawLoop = false;
  for await (const token of sequence.evaluate([first], { temperature: 0, yieldEogToken: true })) {
    tokens.push(token);
    sawLoop ||= internals(sequence.context)._nativeTokenLoop !== undefined;
    if (tokens.length >= count) break;
  }
  return { tokens, sawLoop };
}

/** Greedy tokens where every `every`-th one is answered with `replacement` (the evaluate() replacement input). */
async function greedyReplacing(
  sequence: LlamaContextSequence,
  first: Token,
  count: number,
  every: number,
  replacement: Token,
) {
  const tokens: Token[] = [];
  const iterator = sequence.evaluate([first], { temperature: 0, yieldEogToken: true });
  try {
    let next = await iterator.next();
    while (next.done !== true) {
      tokens.push(next.value);
      if (tokens.length >= count) break;
      next = await iterator.next(tokens.length % every === 0 ? replacement : undefined);
    }
  } finally {
    await iterator.return(undefined);
  }
  return tokens;
}

describe.skipIf(!hasLoop)('native token loop (patched engine)', () => {
  let llama: Llama;
  let model: LlamaModel;
  let first: Token;
  const contexts: LlamaContext[] = [];

  const newContext = async (sequences = 2) => {
    // One thread: a 2-thread decode crawls on an oversubscribed machine (the threads wait on each other).
    const context = await model.createContext({ contextSize: 512, sequences, threads: 1 });
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, progressLogs: false });
    model = await llama.loadModel({ modelPath: await tinyModelPath() });
    first = model.tokenize('Offline agents')[0]!;
  }, TIMEOUT);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.dispose();
  });

  afterAll(async () => {
    await model?.dispose();
    await llama?.dispose();
  });

  it(
    'generates the same greedy tokens as the per-token path and keeps the sequence state in step',
    async () => {
      const looped = await withLoop(true, async () => {
        const sequence = (await newContext()).getSequence();
        const run = await greedy(sequence, first, 40);
        return { ...run, contextTokens: sequence.contextTokens.length, next: sequence.nextTokenIndex };
      });
      const reference = await withLoop(false, async () => greedy((await newContext()).getSequence(), first, 40));
      expect(looped.sawLoop).toBe(true);
      expect(reference.sawLoop).toBe(false);
      expect(looped.tokens).toEqual(reference.tokens);
      // 40 yielded tokens: the first input and the 39 generated before the last one were evaluated
      expect(looped.contextTokens).toBe(40);
      expect(looped.next).toBe(40);
    },
    TIMEOUT,
  );

  it(
    'stops where the consumer stops: a later evaluation continues exactly where the first one broke off',
    async () => {
      const resumed = await withLoop(true, async () => {
        const sequence = (await newContext()).getSequence();
        const head = await greedy(sequence, first, 10);
        const tail = await greedy(sequence, head.tokens.at(-1)!, 10);
        return [...head.tokens, ...tail.tokens];
      });
      const straight = await withLoop(false, async () => greedy((await newContext()).getSequence(), first, 20));
      expect(resumed).toEqual(straight.tokens);
    },
    TIMEOUT,
  );

  it(
    'drops the token it decoded ahead when the consumer replaces it: the same tokens as the per-token path',
    async () => {
      const replacement = model.tokenize('loop')[0]!;
      const looped = await withLoop(true, async () =>
        greedyReplacing((await newContext()).getSequence(), first, 30, 3, replacement),
      );
      const reference = await withLoop(false, async () =>
        greedyReplacing((await newContext()).getSequence(), first, 30, 3, replacement),
      );
      expect(looped).toHaveLength(30);
      expect(looped).toEqual(reference);
    },
    TIMEOUT,
  );

  it(
    'leaves no KV entry past the consumer once a generation ends (the token decoded ahead is removed)',
    async () => {
      await withLoop(true, async () => {
        const context = await newContext();
        const sequence = context.getSequence();
        const run = await greedy(sequence, first, 12);
        expect(run.sawLoop).toBe(true);
        await internals(context)._nativeTokenLoop?.done; // the worker leaves after the generation's end
        expect(internals(context)._nativeTokenLoop).toBeUndefined();
        expect(sequence.nextTokenIndex).toBe(12);
        expect(internals(context)._ctx.getSequenceKvCacheMaxPosition(sequenceId(sequence))).toBe(11);
      });
    },
    TIMEOUT,
  );

  it(
    'lets two sequences of one context generate at once with the same tokens as alone',
    async () => {
      const alone = await withLoop(false, async () => greedy((await newContext()).getSequence(), first, 24));
      const together = await withLoop(true, async () => {
        const context = await newContext(2);
        const a = context.getSequence();
        const b = context.getSequence();
        return Promise.all([greedy(a, first, 24), greedy(b, first, 24)]);
      });
      expect(together[0].tokens).toEqual(alone.tokens);
      expect(together[1].tokens).toEqual(alone.tokens);
    },
    TIMEOUT,
  );

  it(
    'keeps grammar, repeat penalty and maxTokens of LlamaChat working through the loop',
    async () => {
      const grammar = await llama.createGrammarForJsonSchema({
        type: 'object',
        properties: { answer: { enum: ['yes', 'no'] } },
        required: ['answer'],
      });
      const ask = (loop: boolean) =>
        withLoop(loop, async () => {
          const context = await newContext();
          const session = new LlamaChatSession({ contextSequence: context.getSequence() });
          let sawLoop = false;
          const text = await session.prompt('Is the loop on?', {
            grammar,
            temperature: 0,
            maxTokens: 64,
            repeatPenalty: { penalty: 1.2 },
            onToken: () => {
              sawLoop ||= internals(context)._nativeTokenLoop !== undefined;
            },
          });
          return { text, sawLoop };
        });
      const looped = await ask(true);
      const reference = await ask(false);
      expect(looped.sawLoop).toBe(true);
      expect(looped.text).toBe(reference.text);
      expect(grammar.parse(looped.text)).toHaveProperty('answer');
    },
    TIMEOUT,
  );

  it(
    'stops on an abort signal and the context stays usable and disposable',
    async () => {
      await withLoop(true, async () => {
        const context = await newContext();
        const session = new LlamaChatSession({ contextSequence: context.getSequence() });
        const controller = new AbortController();
        let chunks = 0;
        const aborted = session.prompt('Write a long story.', {
          temperature: 0,
          maxTokens: 400,
          signal: controller.signal,
          stopOnAbortSignal: true,
          onTextChunk: () => {
            if (++chunks === 5) controller.abort();
          },
        });
        await aborted;
        expect(chunks).toBeGreaterThanOrEqual(5);
        const again = await greedy(context.getSequence(), first, 8);
        expect(again.tokens).toHaveLength(8);
      });
    },
    TIMEOUT,
  );
});
