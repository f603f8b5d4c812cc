/**
 * Compiled grammars by source text, per Llama instance. A grammar is only a definition (each generation makes its
 * own evaluation state), so one compiled for the router's label list serves every later routing decision.
 */
import type { Llama, LlamaGrammar } from 'node-llama-cpp';

const MAX_ENTRIES = 32;
const caches = new WeakMap<Llama, Map<string, Promise<LlamaGrammar>>>();

/** The grammar compiled for `key`, compiling it once; a failed compile is not kept. Least recently used goes first. */
export function cachedGrammar(llama: Llama, key: string, compile: () => Promise<LlamaGrammar>): Promise<LlamaGrammar> {
  let cache = caches.get(llama);
  if (!cache) {
    cache = new Map();
    caches.set(llama, cache);
  }
  const held = cache.get(key);
  if (held) {
    cache.delete(key);
    cache.set(key, held);
    return held;
  }
  const compiled = compile();
  cache.set(key, compiled);
  compiled.catch(() => cache.delete(key));
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return compiled;
}
