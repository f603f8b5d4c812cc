import fs from 'node:fs';
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { CitationStore } from '../knowledge/citationStore';
import type { ConversationFiles } from '../knowledge/conversationFiles';
import type { FileLinks, OpenPath } from '../knowledge/fileLinks';
import type { KnowledgeService } from '../knowledge/knowledgeService';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface KnowledgeServices {
  knowledge: KnowledgeService;
  citations: CitationStore;
  fileLinks: FileLinks;
  /** Electron only: open a local file with the system's app. */
  openPath: OpenPath | null;
  dropped: ConversationFiles;
  /** Installed rerankers by name (folder), the order search picks from. */
  rerankers: () => { name: string }[];
}

export function knowledgeHandlers({
  knowledge,
  citations,
  fileLinks,
  openPath,
  dropped,
  rerankers,
}: KnowledgeServices) {
  return {
    'knowledge.rerankers': async () => rerankers(),
    'knowledge.list': async () => knowledge.list(),
    'knowledge.get': async ({ baseId }) => knowledge.get(baseId),
    'knowledge.create': async ({ name, sources, conversationId }) =>
      knowledge.create(name, sources, conversationId ?? null),
    'knowledge.rename': async ({ baseId, name }) => knowledge.rename(baseId, name),
    'knowledge.addSource': async ({ baseId, source }) => knowledge.addSource(baseId, source),
    'knowledge.removeSource': async ({ baseId, sourceId }) => knowledge.removeSource(baseId, sourceId),
    'knowledge.delete': async ({ baseId }) => ({ deleted: await knowledge.delete(baseId) }),
    'knowledge.pause': async ({ baseId }) => knowledge.pause(baseId),
    'knowledge.resume': async ({ baseId }) => knowledge.resume(baseId),
    'knowledge.rescan': async ({ baseId }) => knowledge.rescan(baseId),
    'knowledge.files': async ({ baseId, status, limit, offset }) => knowledge.filesPage(baseId, status, limit, offset),
    'knowledge.search': async (input, ctx) => knowledge.search({ ...input, signal: ctx.signal }),
    'knowledge.passage': async ({ chunkId }) => knowledge.passage(chunkId),
    'knowledge.citations': async ({ messageId }) => citations.list(messageId),
    'knowledge.messageCitations': async ({ messageIds }) => citations.listMany(messageIds),
    'knowledge.attach': async ({ conversationId, fileName, dataBase64 }) =>
      dropped.attach(conversationId, fileName, Buffer.from(dataBase64, 'base64')),
    'knowledge.openFile': async ({ fileId }) => {
      // Only files a base indexed, and only while they are still regular files on disk.
      const file = knowledge.files.get(fileId);
      if (!file) throw new OutpostError('not_found', `No indexed file ${fileId}`);
      if (!fs.existsSync(file.path) || !fs.statSync(file.path).isFile()) {
        throw new OutpostError('not_found', `${file.path} is no longer on disk`);
      }
      if (openPath) {
        await openPath(file.path);
        return { opened: true, downloadUrl: null };
      }
      return { opened: false, downloadUrl: fileLinks.issue(file.path) };
    },
  } satisfies DomainHandlers<'knowledge'>;
}
