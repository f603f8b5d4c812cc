import type { Database } from 'better-sqlite3';
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { MemoryService } from '../memory/memoryService';
import { exportFacts, importFacts } from '../memory/memoryTransfer';
import type { Clock } from '../ports';
import type { DomainHandlers } from '../rpc/handlerTypes';
import type { FactStore } from '../memory/factStore';

export interface MemoryServices {
  memory: MemoryService;
  facts: FactStore;
  db: Database;
  clock: Clock;
}

export function memoryHandlers({ memory, facts, db, clock }: MemoryServices) {
  const found = (id: number) => {
    const fact = facts.get(id);
    if (!fact) throw new OutpostError('not_found', `No remembered fact ${id}`);
    return fact;
  };
  return {
    'memory.status': async () => memory.status(),
    'memory.list': async (input) => {
      const page = facts.page(input);
      return { facts: page.facts.map((f) => memory.view(f)), total: page.total };
    },
    'memory.add': async ({ agentId, text, pinned }) => memory.view(facts.add(agentId, text, 'user', { pinned })),
    'memory.update': async ({ id, ...patch }) => {
      found(id);
      return memory.view(facts.update(id, patch)!);
    },
    'memory.delete': async ({ id }) => ({ deleted: facts.delete(id) }),
    'memory.forgetAgent': async ({ agentId }) => ({ deleted: facts.forgetAgent(agentId) }),
    'memory.recall': async ({ agentId, query, k, tokenBudget }, ctx) => {
      const result = await memory.recall(agentId, query, { k, tokenBudget, signal: ctx.signal });
      return { ...result, hits: result.hits.map((h) => ({ ...h, fact: memory.view(h.fact) })) };
    },
    'memory.export': async ({ agentId }) => exportFacts(facts, agentId, clock.now()),
    'memory.import': async ({ agentId, data }) => importFacts(db, facts, agentId, data),
    'memory.setModel': async ({ id }) => memory.setEmbeddingModel(id),
    'memory.setProvider': async ({ provider }) => memory.setProvider(provider),
  } satisfies DomainHandlers<'memory'>;
}
