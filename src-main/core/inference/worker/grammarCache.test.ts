import type { Llama, LlamaGrammar } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { cachedGrammar } from './grammarCache';

const grammar = (name: string) => ({ name }) as unknown as LlamaGrammar;

describe('cachedGrammar', () => {
  it('compiles a grammar once per source text and Llama instance', async () => {
    const llama = {} as Llama;
    let compiles = 0;
    const compile = () => Promise.resolve(grammar(`g${++compiles}`));
    const first = await cachedGrammar(llama, 'root ::= "1"', compile);
    expect(await cachedGrammar(llama, 'root ::= "1"', compile)).toBe(first);
    expect(compiles).toBe(1);
    await cachedGrammar(llama, 'root ::= "2"', compile);
    await cachedGrammar({} as Llama, 'root ::= "1"', compile);
    expect(compiles).toBe(3);
  });

  it('does not keep a failed compile, so a later call tries again', async () => {
    const llama = {} as Llama;
    await expect(cachedGrammar(llama, 'bad', () => Promise.reject(new Error('parse error')))).rejects.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cachedGrammar(llama, 'bad', () => Promise.resolve(grammar('ok')))).toEqual({ name: 'ok' });
  });

  it('keeps the 32 most recently used grammars', async () => {
    const llama = {} as Llama;
    let compiles = 0;
    const compile = () => Promise.resolve(grammar(`g${++compiles}`));
    for (let i = 0; i < 33; i++) await cachedGrammar(llama, `g${i}`, compile);
    expect(compiles).toBe(33);
    await cachedGrammar(llama, 'g32', compile); // the newest stays
    expect(compiles).toBe(33);
    await cachedGrammar(llama, 'g0', compile); // the oldest went
    expect(compiles).toBe(34);
  });
});
