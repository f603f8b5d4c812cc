/** Wires the knowledge domain into the core: service, citations, file links, events, embedder changes. */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import type { MemoryService } from '../memory/memoryService';
import type { Clock, CorePorts, EventSink, Logger } from '../ports';
import type { GrantedFolders } from '../tools/grantedFolders';
import { AgentKnowledge } from './agentKnowledge';
import { CitationStore } from './citationStore';
import { FileLinks } from './fileLinks';
import { ConversationFiles } from './conversationFiles';
import { FolderWatcher } from './folderWatcher';
import { KnowledgeService } from './knowledgeService';
import { findRerankers, pickReranker, rerankersDirOf } from './rerankerModels';

export function createKnowledge(d: {
  ports: CorePorts;
  db: Database;
  embeddings: EmbeddingsClient | null;
  memory: MemoryService;
  grants: GrantedFolders;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  /** Throws not_found for an unknown conversation (files dropped into a chat). */
  checkConversation(conversationId: string): void;
  /** The user's "rerank knowledge search" setting. */
  rerankEnabled?: () => boolean;
  /** The reranker the user picked (a folder name in rerankers/); '' or an absent one: the first installed. */
  rerankerName?: () => string;
}) {
  // Files dropped into chats live in the data dir, which counts as granted for knowledge sources.
  const droppedRoot = path.join(d.ports.paths.dataDir, 'knowledge', 'conversations');
  fs.mkdirSync(droppedRoot, { recursive: true });
  const parser = d.ports.workers.knowledgeParser;
  const rerankersDir = rerankersDirOf(d.ports.paths.dataDir);
  // Folders stay indexed while the app runs; the service is created below, the watcher only calls it later.
  const watcher = new FolderWatcher({ schedule: (baseId) => knowledge.schedule(baseId), logger: d.logger });
  const knowledge: KnowledgeService = new KnowledgeService({
    db: d.db,
    embeddings: d.embeddings,
    embedder: () => d.memory.embedder(),
    grantedFolders: () => [...d.grants.listAll().map((g) => g.path), droppedRoot],
    reranker: () => (d.rerankEnabled?.() ? pickReranker(findRerankers(rerankersDir), d.rerankerName?.() ?? '') : null),
    parserEntry: parser ?? null,
    onProgress: (progress) => d.events.emit('knowledge.progress', progress),
    onChanged: (baseId, base) => {
      d.events.emit('knowledge.changed', { baseId, base });
      void watcher.update(baseId, base);
    },
    logger: d.logger,
    clock: d.clock,
  });
  if (!parser) d.logger.info('knowledge: no parser thread entry in this host; parsing runs in-process');
  // Memory owns the choice of embedding model; the knowledge index follows it (and re-embeds on a switch).
  let lastKey: string | null | undefined;
  const stopFollowing = d.memory.onEmbedderChange(() => {
    const key = d.memory.embedder()?.spec.key ?? null;
    if (key === lastKey) return;
    lastKey = key;
    void knowledge
      .embedderChanged()
      .catch((error: unknown) =>
        d.logger.warn('knowledge could not follow the embedding model', { error: String(error) }),
      );
  });
  const citations = new CitationStore(d.db);
  const dropped = new ConversationFiles({
    root: droppedRoot,
    knowledge,
    checkConversation: d.checkConversation,
    logger: d.logger,
  });
  void knowledge
    .start()
    .then(() => {
      dropped.pruneOrphans();
      return Promise.all(knowledge.list().map((base) => watcher.update(base.id, base)));
    })
    .catch((error: unknown) => d.logger.error('knowledge start failed', { error: String(error) }));
  return {
    knowledge,
    agents: new AgentKnowledge(knowledge, citations, d.logger),
    services: {
      knowledge,
      citations,
      fileLinks: new FileLinks(() => d.clock.now()),
      openPath: d.ports.openPath ?? null,
      dropped,
      rerankers: () => findRerankers(rerankersDir).map((spec) => ({ name: spec.name })),
    },
    watcher,
    async dispose() {
      stopFollowing();
      await watcher.close();
      await knowledge.dispose();
    },
  };
}
