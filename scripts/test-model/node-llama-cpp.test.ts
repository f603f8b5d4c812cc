/**
 * The generated model must work end to end in node-llama-cpp: load, tokenize, chat (ChatML) and grammar output.
 */
import {
  ChatMLChatWrapper,
  getLlama,
  type Llama,
  LlamaChatSession,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel } from './make-test-model';

let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;

beforeAll(async () => {
  const modelPath = await makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 1 });
  llama = await getLlama({ gpu: false });
  model = await llama.loadModel({ modelPath });
  // One thread: tests run in parallel forks on 2 cores, and ggml's spinning threads crawl when oversubscribed.
  context = await model.createContext({ contextSize: 512, threads: 1 });
});

afterAll(async () => {
  await context?.dispose();
  await model?.dispose();
  await llama?.dispose();
});

describe('generated test model in node-llama-cpp', () => {
  it('tokenizes with the BPE merges and detokenizes back to the same text', () => {
    const tokens = model.tokenize('Hello world');
    expect(tokens.map((token) => model.detokenize([token]))).toEqual(['Hello', ' world']);
    expect(model.detokenize(tokens)).toBe('Hello world');

    const text = 'The tool said: 12 + 30 = 42 ✓\n{"x": 1}';
    expect(model.detokenize(model.tokenize(text))).toBe(text);
    expect(model.tokenize('<|im_end|>', true)).toEqual([model.tokens.eos]);
  });

  it('chats through the ChatML wrapper and generates tokens', async () => {
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    try {
      expect(session.chatWrapper).toBeInstanceOf(ChatMLChatWrapper);
      expect(session.chatWrapper.wrapperName).toBe('ChatML');
      let generatedTokens = 0;
      const answer = await session.prompt('Hi', {
        maxTokens: 16,
        onToken: (tokens) => (generatedTokens += tokens.length),
      });
      expect(typeof answer).toBe('string');
      expect(generatedTokens).toBeGreaterThanOrEqual(3);
    } finally {
      session.dispose({ disposeSequence: true });
    }
  });

  it('produces valid JSON under a JSON-schema grammar', async () => {
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    try {
      // An integer keeps the grammar's longest output (~80 chars) well under maxTokens, so the JSON always closes.
      const grammar = await llama.createGrammarForJsonSchema({
        type: 'object',
        properties: { tool: { enum: ['calculator'] }, x: { type: 'integer' } },
        required: ['tool', 'x'],
      } as const);
      const result = await session.prompt('Call the calculator tool.', { grammar, maxTokens: 128 });
      const parsed = grammar.parse(result);
      expect(parsed.tool).toBe('calculator');
      expect(Number.isInteger(parsed.x)).toBe(true);
      expect(JSON.parse(result)).toEqual(parsed);
    } finally {
      session.dispose({ disposeSequence: true });
    }
  });
});
