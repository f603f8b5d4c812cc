/** Pure helpers of the conversations store: list upkeep and search snippets. */
import type { ConversationView } from '@contract';

/** Newest activity first; pinned conversations stay on top. */
export function sortConversations(list: readonly ConversationView[]): ConversationView[] {
  return [...list].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt);
}

export function upsertConversation(list: readonly ConversationView[], item: ConversationView): ConversationView[] {
  return sortConversations([...list.filter((c) => c.id !== item.id), item]);
}

export function removeConversation(list: readonly ConversationView[], id: string): ConversationView[] {
  return list.filter((c) => c.id !== id);
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

const OPEN = '\u0002';
const CLOSE = '\u0003';

/** Splits an FTS snippet at its \u0002…\u0003 markers; a stray or unclosed marker never leaks into the text. */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  const push = () => {
    if (text) parts.push({ text, match });
    text = '';
  };
  for (const char of snippet) {
    if (char === OPEN || char === CLOSE) {
      push();
      match = char === OPEN;
    } else {
      text += char;
    }
  }
  push();
  return parts;
}
