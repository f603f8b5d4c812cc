/**
 * Turns free text into a safe FTS5 query: each word becomes a quoted term, any of which may match (ranked by
 * bm25). Quoting means FTS5 operators in model-written text (NEAR, *, :, ") are just words.
 */
export function toFtsQuery(text: string, maxTerms = 16): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const unique = [...new Set(words)].slice(0, maxTerms);
  if (unique.length === 0) return null;
  return unique.map((w) => `"${w}"`).join(' OR ');
}
