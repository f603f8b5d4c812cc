/**
 * The one way free text becomes an FTS5 MATCH expression, for every FTS table (messages, facts, notes,
 * knowledge chunks). Every word is a quoted term, so FTS5 operators in typed or model-written text (NEAR, -,
 * ^, :, OR, unbalanced quotes) are plain words and the query can never be a syntax error.
 * The mode is explicit: 'all' (AND: a person's search box) or 'any' (OR, ranked by bm25: recall).
 */
export type FtsMode = 'all' | 'any';

const MAX_TERMS = 16;
const MAX_TERM_CHARS = 100;
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/** The distinct lower-cased words of free text, in order, at most maxTerms. */
export function ftsTerms(text: string, maxTerms = MAX_TERMS): string[] {
  const words = (text.toLowerCase().match(WORD) ?? []).map((word) => word.slice(0, MAX_TERM_CHARS));
  return [...new Set(words)].slice(0, maxTerms);
}

/** Joins terms (from ftsTerms, or words ending in `*` for a prefix) in the given mode; null when none. */
export function termsToFtsQuery(terms: readonly string[], mode: FtsMode): string | null {
  if (terms.length === 0) return null;
  const quoted = terms.map((term) => (term.endsWith('*') ? `"${term.slice(0, -1)}"*` : `"${term}"`));
  return quoted.join(mode === 'all' ? ' ' : ' OR ');
}

export interface FtsQueryOptions {
  mode: FtsMode;
  /** A typed `word*` keeps a prefix search (search boxes); off for model-written text. */
  prefix?: boolean;
  maxTerms?: number;
}

/** Free text → MATCH expression; null when nothing searchable remains. */
export function toFtsQuery(text: string, options: FtsQueryOptions): string | null {
  const maxTerms = options.maxTerms ?? MAX_TERMS;
  if (!options.prefix) return termsToFtsQuery(ftsTerms(text, maxTerms), options.mode);
  const terms: string[] = [];
  for (const chunk of text.split(/\s+/)) {
    const words = ftsTerms(chunk, maxTerms);
    words.forEach((word, index) => {
      const prefix = index === words.length - 1 && chunk.endsWith('*');
      const term = prefix ? `${word}*` : word;
      if (!terms.includes(term)) terms.push(term);
    });
  }
  return termsToFtsQuery(terms.slice(0, maxTerms), options.mode);
}

export interface CommonTermPruning {
  /** Rows in the table (an upper bound will do). */
  total: number;
  /** Rows containing the term (an fts5vocab 'row' table's `doc`). */
  docs: (term: string) => number;
  /** Terms in more than this share of rows are dropped. Default 0.1. */
  share?: number;
  /** The rarest terms kept whatever their share. Default 2. */
  keep?: number;
  /** Smaller tables are left alone. Default 2,000. */
  from?: number;
  /** Also stop adding terms (rarest first) once the kept ones match this many rows in all; BM25 costs per match. */
  docBudget?: number;
}

/**
 * Drops terms found in more than `share` of all rows, keeping at least the `keep` rarest: their BM25 weight is
 * small, but ranking every row that contains them is what made keyword search slow on large tables.
 */
export function withoutCommonTerms(terms: readonly string[], p: CommonTermPruning): string[] {
  const keep = p.keep ?? 2;
  if (terms.length <= keep || p.total < (p.from ?? 2_000)) return [...terms];
  const counted = terms.map((term) => ({ term, docs: p.docs(term) }));
  const byRarity = [...counted].sort((a, b) => a.docs - b.docs);
  const kept = new Set(byRarity.slice(0, keep));
  let matched = [...kept].reduce((sum, t) => sum + t.docs, 0);
  for (const t of byRarity.slice(keep)) {
    if (t.docs > p.total * (p.share ?? 0.1)) break;
    if (p.docBudget !== undefined && matched + t.docs > p.docBudget) break;
    kept.add(t);
    matched += t.docs;
  }
  return counted.filter((t) => kept.has(t)).map((t) => t.term);
}
