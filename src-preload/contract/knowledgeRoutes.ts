/** The knowledge.* routes and events, spread into the contract's route and event maps. */
import { z } from 'zod';
import { Empty } from './app';
import {
  Citation,
  KnowledgeBase,
  KnowledgeBaseIdInput,
  KnowledgeChanged,
  KnowledgeCreateInput,
  KnowledgeFilesInput,
  KnowledgeFilesPage,
  KnowledgeOpenResult,
  KnowledgePassage,
  KnowledgeProgress,
  KnowledgeSearchInput,
  KnowledgeSearchResult,
  KnowledgeSourceInput,
} from './knowledge';

export const knowledgeRoutes = {
  'knowledge.list': { input: Empty, output: z.array(KnowledgeBase) },
  'knowledge.get': { input: KnowledgeBaseIdInput, output: KnowledgeBase },
  'knowledge.create': { input: KnowledgeCreateInput, output: KnowledgeBase },
  'knowledge.rename': {
    input: KnowledgeBaseIdInput.extend({ name: z.string().trim().min(1).max(200) }),
    output: KnowledgeBase,
  },
  'knowledge.addSource': {
    input: KnowledgeBaseIdInput.extend({ source: KnowledgeSourceInput }),
    output: KnowledgeBase,
  },
  'knowledge.removeSource': {
    input: KnowledgeBaseIdInput.extend({ sourceId: z.number().int() }),
    output: KnowledgeBase,
  },
  /** Forget the base: its files, chunks, vectors and watcher. */
  'knowledge.delete': { input: KnowledgeBaseIdInput, output: z.object({ deleted: z.boolean() }) },
  'knowledge.pause': { input: KnowledgeBaseIdInput, output: KnowledgeBase },
  'knowledge.resume': { input: KnowledgeBaseIdInput, output: KnowledgeBase },
  'knowledge.rescan': { input: KnowledgeBaseIdInput, output: KnowledgeBase },
  'knowledge.files': { input: KnowledgeFilesInput, output: KnowledgeFilesPage },
  'knowledge.search': { input: KnowledgeSearchInput, output: KnowledgeSearchResult },
  'knowledge.passage': { input: z.object({ chunkId: z.number().int() }).strict(), output: KnowledgePassage },
  'knowledge.citations': {
    input: z.object({ messageId: z.string().min(1).max(100) }).strict(),
    output: z.array(Citation),
  },
  /** The citations of many answers at once (a conversation's replies), keyed by message id; none → absent. */
  'knowledge.messageCitations': {
    input: z.object({ messageIds: z.array(z.string().min(1).max(100)).min(1).max(500) }).strict(),
    output: z.record(z.string(), z.array(Citation)),
  },
  /** A file dropped into a chat: stored in the data dir and indexed into the conversation's own base. */
  'knowledge.attach': {
    input: z
      .object({
        conversationId: z.string().min(1).max(100),
        fileName: z.string().trim().min(1).max(255),
        /** The file's bytes; one WebSocket frame holds about 2.9 MB of file. */
        dataBase64: z.string().min(1).max(3_900_000),
      })
      .strict(),
    output: KnowledgeBase,
  },
  /** Installed cross-encoders (folders in `<dataDir>/rerankers/`, e.g. from the catalog), for the reranker setting. */
  'knowledge.rerankers': { input: Empty, output: z.array(z.object({ name: z.string() })) },
  'knowledge.openFile': { input: z.object({ fileId: z.number().int() }).strict(), output: KnowledgeOpenResult },
} as const;

export const knowledgeEvents = {
  'knowledge.progress': KnowledgeProgress,
  'knowledge.changed': KnowledgeChanged,
} as const;
