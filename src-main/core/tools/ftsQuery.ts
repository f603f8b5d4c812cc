/**
 * Turns free text into a safe FTS5 query: each word becomes a quoted term, any of which may match (ranked by
 * bm25). Quoting means FTS5 operators in model-written text (NEAR, *, :, ") are just words.
 */
export function toFtsQuery(text: string, maxTerms = 16): string | null {
  return termsToFtsQuery(ftsTerms(text, maxTerms));
}

/** The distinct lower-cased words of free text, in order, at most maxTerms. */
export function ftsTerms(text: string, maxTerms = 16): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  return [...new Set(words)].slice(0, maxTerms);
}

export function termsToFtsQuery(terms: readonly string[]): string | null {
  if (terms.length === 0) return null;
  return terms.map((w) => `"${w}"`).join(' OR ');
}
