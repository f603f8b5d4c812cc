/** Search snippets: FTS5 highlight markers and their split into plain and highlighted runs. */

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
