/**
 * Files dropped into a chat: stored under the data dir (one folder per conversation) and indexed into that
 * conversation's own base, which its agent searches besides its own bases. The bytes travel over the
 * contract, so the headless browser and Electron work the same, and no user folder needs a grant.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { KnowledgeBase } from '../../../src-preload/contract/knowledge';
import type { Logger } from '../ports';
import type { KnowledgeService } from './knowledgeService';
import { formatOf } from './parse/formats';

/** What one WebSocket frame carries after base64 (4 MiB frames): larger documents belong in a base. */
export const MAX_DROPPED_FILE_BYTES = 2_900_000;

export const CONVERSATION_BASE_NAME = 'Files dropped into a chat';

export interface ConversationFilesDeps {
  /** `<dataDir>/knowledge/conversations`: trusted like a granted folder. */
  root: string;
  knowledge: KnowledgeService;
  /** Throws not_found for an unknown conversation. */
  checkConversation(conversationId: string): void;
  logger: Logger;
}

/** A file name safe on every platform: the last path segment, no control or reserved characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .map((ch) => (ch.charCodeAt(0) < 32 || '<>:"|?*'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^\.+/, '')
    .trim();
  return cleaned.slice(-120);
}

export class ConversationFiles {
  constructor(private readonly d: ConversationFilesDeps) {}

  folderOf(conversationId: string): string {
    return path.join(this.d.root, encodeURIComponent(conversationId));
  }

  /** Saves the file and indexes it into the conversation's base (made on the first drop). */
  attach(conversationId: string, fileName: string, bytes: Buffer): KnowledgeBase {
    this.d.checkConversation(conversationId);
    const name = safeFileName(fileName);
    if (!name || formatOf(name) === null) {
      throw new OutpostError(
        'bad_request',
        `Outpost cannot read "${fileName}": drop a PDF, DOCX, Markdown, text, HTML, CSV or code file`,
        {
          reason: 'unsupported',
        },
      );
    }
    if (bytes.length > MAX_DROPPED_FILE_BYTES) {
      throw new OutpostError(
        'bad_request',
        `"${name}" is too large to drop into a chat; add its folder to a knowledge base instead`,
        {
          reason: 'too_large',
        },
      );
    }
    const folder = this.folderOf(conversationId);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, name), bytes);
    const existing = this.baseOf(conversationId);
    if (existing) return this.d.knowledge.rescan(existing.id);
    return this.d.knowledge.create(CONVERSATION_BASE_NAME, [{ kind: 'folder', path: folder }], conversationId);
  }

  baseOf(conversationId: string) {
    return this.d.knowledge.bases.list().find((b) => b.conversationId === conversationId) ?? null;
  }

  /**
   * Deletes the dropped files of conversations that are gone; run at start. Their bases already went with
   * them (the table cascades on the conversation), the files on disk did not.
   */
  pruneOrphans(): void {
    let folders: string[];
    try {
      folders = fs.readdirSync(this.d.root);
    } catch {
      return;
    }
    const kept = new Set(this.d.knowledge.bases.list().map((b) => b.conversationId));
    for (const folder of folders) {
      let conversationId: string;
      try {
        conversationId = decodeURIComponent(folder);
      } catch {
        continue; // not a folder this class made
      }
      if (kept.has(conversationId)) continue;
      fs.rmSync(path.join(this.d.root, folder), { recursive: true, force: true });
      this.d.logger.info('knowledge: deleted the files dropped into a deleted conversation', { conversationId });
    }
  }
}
