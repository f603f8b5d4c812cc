/** Turns what a person typed into an FTS5 query that can never be a syntax error. */

const MAX_TERMS = 16;
const MAX_TERM_CHARS = 100;

/**
 * Every word becomes a quoted string, so FTS5 operators (NEAR(, -, ^, :, OR) and unbalanced quotes are
 * plain text; words are split where the tokenizer would split them and ANDed. A trailing `*` keeps a
 * prefix search. Returns null when nothing searchable remains.
 */
export function toFtsQuery(input: string): string | null {
  const terms: string[] = [];
  for (const raw of input.split(/\s+/)) {
    const words = raw.split(/[^\p{L}\p{N}\p{M}_]+/u).filter((w) => w.length > 0);
    words.forEach((word, index) => {
      const prefix = index === words.length - 1 && raw.endsWith('*');
      terms.push(`"${word.slice(0, MAX_TERM_CHARS).replace(/"/g, '""')}"${prefix ? '*' : ''}`);
    });
  }
  return terms.length === 0 ? null : terms.slice(0, MAX_TERMS).join(' ');
}

/** Markers around highlighted words in a snippet: control characters that never occur in chat text. */
export const HIGHLIGHT_START = '\u0002';
export const HIGHLIGHT_END = '\u0003';

export interface SnippetSegment {
  text: string;
  highlighted: boolean;
}

/** Splits a snippet into plain and highlighted runs so the UI can render it without HTML. */
export function snippetSegments(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  const pattern = new RegExp(`${HIGHLIGHT_START}([^${HIGHLIGHT_END}]*)${HIGHLIGHT_END}`, 'g');
  let last = 0;
  for (const match of snippet.matchAll(pattern)) {
    if (match.index > last) segments.push({ text: snippet.slice(last, match.index), highlighted: false });
    segments.push({ text: match[1] ?? '', highlighted: true });
    last = match.index + match[0].length;
  }
  if (last < snippet.length) segments.push({ text: snippet.slice(last), highlighted: false });
  return segments;
}
