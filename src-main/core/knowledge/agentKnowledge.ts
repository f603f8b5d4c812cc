/**
 * What an agent turn gets from its knowledge bases: automatic mode adds the best passages to the prompt, tool
 * mode offers search_knowledge; either way the passages used are numbered per turn and stored as the answer's
 * citations (knowledge_citations), so the UI can open each one.
 */
import path from 'node:path';
import type { Citation, KnowledgeHit } from '../../../src-preload/contract/knowledge';
import type { AgentDefinition } from '../agents/agentSchema';
import type { Logger } from '../ports';
import type { CitationStore } from './citationStore';
import type { KnowledgeService } from './knowledgeService';

export const SEARCH_KNOWLEDGE_TOOL = 'search_knowledge';

export interface AgentKnowledgePort {
  /** Starts a turn: resets its citations and, in automatic mode, returns the passages block for the prompt. */
  beginTurn(agent: AgentDefinition, conversationId: string, userText: string, signal: AbortSignal): Promise<string>;
  /** The answer is stored: its citations go with it. */
  finishTurn(conversationId: string, messageId: string): TurnCitation[];
  /** The turn's citations, forgotten without storing them (an API answer lives in no stored conversation). */
  takeTurn(conversationId: string): TurnCitation[];
}

/** A citation as the turn collects it: the stored shape plus the file's id and headings (the API returns them). */
export type TurnCitation = Citation & { fileId: number; headings: string[] };

const EXCERPT_CHARS = 600;

export class AgentKnowledge implements AgentKnowledgePort {
  private readonly turns = new Map<string, TurnCitation[]>();

  constructor(
    private readonly knowledge: KnowledgeService,
    private readonly citations: CitationStore,
    private readonly logger: Logger,
  ) {}

  async beginTurn(agent: AgentDefinition, conversationId: string, userText: string, signal: AbortSignal) {
    this.turns.set(conversationId, []);
    const bases = this.basesOf(agent, conversationId);
    if (bases.length === 0 || agent.knowledge.mode !== 'automatic') return '';
    try {
      const result = await this.knowledge.search({
        query: userText,
        baseIds: bases,
        k: agent.knowledge.maxChunks,
        tokenBudget: agent.knowledge.tokenBudget,
        signal,
      });
      if (result.hits.length === 0) return '';
      return `Passages from the user's documents (cite them as [n] where you use them):\n${this.cite(conversationId, result.hits)}`;
    } catch (error) {
      if (signal.aborted) throw error;
      this.logger.warn('knowledge retrieval failed; answering without it', { error: String(error) });
      return '';
    }
  }

  /** search_knowledge: numbered passages the model can cite; numbering continues within the turn. */
  async searchForTool(
    agent: AgentDefinition,
    conversationId: string | null,
    query: string,
    fileName: string | undefined,
    signal: AbortSignal,
  ): Promise<string> {
    const bases = this.basesOf(agent, conversationId);
    if (bases.length === 0) return 'This agent has no knowledge bases.';
    const fileIds = fileName ? this.fileIdsNamed(bases, fileName) : undefined;
    if (fileIds && fileIds.length === 0) return `No file named "${fileName}" in the knowledge bases.`;
    const result = await this.knowledge.search({
      query,
      baseIds: bases,
      fileIds,
      k: agent.knowledge.maxChunks,
      tokenBudget: agent.knowledge.tokenBudget,
      signal,
    });
    if (result.hits.length === 0) return 'Nothing in the knowledge bases matches.';
    return `Cite these as [n] where you use them:\n${this.cite(conversationId ?? '', result.hits)}`;
  }

  finishTurn(conversationId: string, messageId: string): TurnCitation[] {
    const used = this.takeTurn(conversationId);
    if (used.length > 0) this.citations.save(messageId, used);
    return used;
  }

  takeTurn(conversationId: string): TurnCitation[] {
    const used = this.turns.get(conversationId) ?? [];
    this.turns.delete(conversationId);
    return used;
  }

  /** The agent's bases plus the conversation's own (files dropped into the chat). */
  private basesOf(agent: AgentDefinition, conversationId: string | null): string[] {
    const own = conversationId
      ? this.knowledge.bases
          .list()
          .filter((b) => b.conversationId === conversationId)
          .map((b) => b.id)
      : [];
    return [...new Set([...agent.knowledge.baseIds, ...own])];
  }

  private fileIdsNamed(bases: readonly string[], fileName: string): number[] {
    const wanted = fileName.toLowerCase();
    return bases.flatMap((b) =>
      this.knowledge.files
        .byBase(b)
        .filter((f) => path.basename(f.path).toLowerCase() === wanted)
        .map((f) => f.id),
    );
  }

  private cite(conversationId: string, hits: readonly KnowledgeHit[]): string {
    const list = this.turns.get(conversationId) ?? [];
    this.turns.set(conversationId, list);
    return hits
      .map((hit) => {
        const existing = list.find((c) => c.chunkId === hit.chunkId);
        const n = existing?.n ?? list.length + 1;
        if (!existing) {
          list.push({
            n,
            chunkId: hit.chunkId,
            baseId: hit.baseId,
            fileId: hit.fileId,
            headings: hit.headings,
            path: hit.path,
            fileName: hit.fileName,
            page: hit.page,
            heading: hit.headings.join(' › '),
            excerpt: hit.text.slice(0, EXCERPT_CHARS),
          });
        }
        const where =
          hit.page !== null ? `, page ${hit.page}` : hit.headings.length > 0 ? `, ${hit.headings.join(' › ')}` : '';
        return `[${n}] ${hit.fileName}${where}:\n${hit.text}`;
      })
      .join('\n\n');
  }
}
