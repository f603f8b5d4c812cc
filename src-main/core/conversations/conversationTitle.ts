export const DEFAULT_CONVERSATION_TITLE = 'New conversation';
export const MAX_AUTO_TITLE_CHARS = 60;
export const MAX_TITLE_CHARS = 200;

/** A title from the first user message: whitespace collapsed, cut at a word boundary near 60 chars. */
export function titleFromMessage(content: string, limit = MAX_AUTO_TITLE_CHARS): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return DEFAULT_CONVERSATION_TITLE;
  const chars = [...flat]; // by code point, so an emoji is never cut in half
  if (chars.length <= limit) return flat;
  const head = chars.slice(0, limit).join('');
  const lastSpace = head.lastIndexOf(' ');
  // Only back up to a space when it keeps most of the text; one long word gets a hard cut.
  const cut = lastSpace >= limit / 2 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s,.;:!?-]+$/, '')}…`;
}

export function cleanTitle(title: string): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  return flat.length === 0 ? DEFAULT_CONVERSATION_TITLE : [...flat].slice(0, MAX_TITLE_CHARS).join('');
}
