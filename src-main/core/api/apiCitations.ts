/**
 * The knowledge passages an agent model's answer used, returned to API clients as the `citations` extension
 * field (README "API"). An API turn runs in a throwaway conversation, so its citations are taken, not stored.
 */
import type { RuntimeBase } from '../chat/turnRunner';
import type { TurnCitation } from '../knowledge/agentKnowledge';

/** One numbered passage: `index` is the [n] the answer cites it by. snake_case like the rest of the body. */
export interface ApiCitation {
  index: number;
  chunk_id: number | null;
  base_id: string;
  file_id: number;
  file_name: string;
  path: string;
  /** 1-based page for PDFs, else null. */
  page: number | null;
  /** Headings above the passage, outermost first. */
  heading_path: string[];
  excerpt: string;
}

function toApiCitation(c: TurnCitation): ApiCitation {
  return {
    index: c.n,
    chunk_id: c.chunkId,
    base_id: c.baseId,
    file_id: c.fileId,
    file_name: c.fileName,
    path: c.path,
    page: c.page,
    heading_path: c.headings,
    excerpt: c.excerpt,
  };
}

/** The runtime for one API turn, whose knowledge port hands the turn's citations to `taken()` instead of storing them. */
export function tapCitations(runtime: RuntimeBase): { runtime: RuntimeBase; taken: () => ApiCitation[] | undefined } {
  const knowledge = runtime.knowledge;
  if (!knowledge) return { runtime, taken: () => undefined };
  let citations: TurnCitation[] = [];
  return {
    runtime: {
      ...runtime,
      knowledge: {
        beginTurn: (...args) => knowledge.beginTurn(...args),
        takeTurn: (conversationId) => knowledge.takeTurn(conversationId),
        finishTurn: (conversationId) => (citations = knowledge.takeTurn(conversationId)),
      },
    },
    taken: () => citations.map(toApiCitation),
  };
}
