/** Long-term memory (core/memory) on the embeddings worker, when the host provides one. */
import path from 'node:path';
import { EmbeddingsClient } from '../embeddings/embeddingsClient';
import { embeddingGgufModels } from '../memory/embeddingModels';
import { MemoryService } from '../memory/memoryService';
import type { AgentsPart } from './agents';
import type { CoreBase } from './coreBase';
import type { ModelsPart } from './models';

export interface MemoryPart {
  embeddings: EmbeddingsClient | null;
  memory: MemoryService;
}

export function composeMemory(base: CoreBase, models: ModelsPart, agents: AgentsPart): MemoryPart {
  const { ports, events, logger, clock } = base;
  const embeddings = ports.workers.embeddings
    ? new EmbeddingsClient({ spawner: ports.spawner, worker: ports.workers.embeddings, logger, clock })
    : null;
  const memory = new MemoryService({
    db: base.db,
    facts: agents.toolStores.facts,
    embeddings,
    embeddingsDir: path.join(ports.paths.dataDir, 'embeddings'),
    ggufModels: () => embeddingGgufModels(models.registry.list()),
    onStatus: (status) => events.emit('memory.status', status),
    onChanged: (agentId) => events.emit('memory.changed', { agentId }),
    logger,
    clock,
  });
  void memory.start();
  return { embeddings, memory };
}
