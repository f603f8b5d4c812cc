/** The app's screens, in sidebar order; the first one is where an empty or unknown hash lands. */
export const SCREEN_IDS = [
  'chat',
  'agents',
  'jobs',
  'memory',
  'knowledge',
  'models',
  'catalog',
  'dashboard',
  'settings',
] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

export const DEFAULT_SCREEN: ScreenId = 'chat';

export function isScreenId(value: string): value is ScreenId {
  return (SCREEN_IDS as readonly string[]).includes(value);
}

/** `#/settings`, `#settings`, `#/Settings/` and `#/settings?x=1` all mean Settings; anything else is Chat. */
export function parseHashRoute(hash: string): ScreenId {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const first = path.split(/[/?]/, 1)[0]?.trim().toLowerCase() ?? '';
  return isScreenId(first) ? first : DEFAULT_SCREEN;
}

export function hrefFor(screen: ScreenId): string {
  return `#/${screen}`;
}

/** `#/chat/<conversationId>` or `#/chat/<conversationId>/<messageId>`: ids are opaque, URL-encoded. */
const CHAT_DEEP_LINK = /^#\/chat\/[^/?#]+(?:\/[^/?#]+)?$/;

/** True when the address bar does not already spell the canonical hash for the screen shown. */
export function needsCanonicalHash(hash: string): boolean {
  if (CHAT_DEEP_LINK.test(hash)) return false;
  return hash !== hrefFor(parseHashRoute(hash));
}

export interface ChatTarget {
  conversationId: string;
  /** The message to scroll to (a search hit), if any. */
  messageId: string | null;
}

export function parseChatTarget(hash: string): ChatTarget | null {
  if (!CHAT_DEEP_LINK.test(hash)) return null;
  const [, , conversation, message] = hash.slice(1).split('/');
  try {
    return {
      conversationId: decodeURIComponent(conversation ?? ''),
      messageId: message ? decodeURIComponent(message) : null,
    };
  } catch {
    return null; // malformed %-escape: treat as plain #/chat
  }
}

export function chatHref(conversationId: string, messageId?: string | null): string {
  const base = `#/chat/${encodeURIComponent(conversationId)}`;
  return messageId ? `${base}/${encodeURIComponent(messageId)}` : base;
}
