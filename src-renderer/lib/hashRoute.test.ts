import { describe, expect, it } from 'vitest';
import { SCREEN_IDS, chatHref, hrefFor, needsCanonicalHash, parseChatTarget, parseHashRoute } from './hashRoute';

describe('parseHashRoute', () => {
  it('defaults to chat for an empty or bare hash', () => {
    expect(parseHashRoute('')).toBe('chat');
    expect(parseHashRoute('#')).toBe('chat');
    expect(parseHashRoute('#/')).toBe('chat');
  });

  it('reads every known screen from its canonical hash', () => {
    for (const id of SCREEN_IDS) expect(parseHashRoute(hrefFor(id))).toBe(id);
  });

  it('tolerates a missing slash, case, trailing parts and query strings', () => {
    expect(parseHashRoute('#settings')).toBe('settings');
    expect(parseHashRoute('#/Dashboard/')).toBe('dashboard');
    expect(parseHashRoute('#//models/abc')).toBe('models');
    expect(parseHashRoute('#/catalog?q=qwen')).toBe('catalog');
  });

  it('falls back to chat for unknown screens', () => {
    expect(parseHashRoute('#/nope')).toBe('chat');
    expect(parseHashRoute('#/__proto__')).toBe('chat');
    expect(parseHashRoute('#/constructor')).toBe('chat');
  });
});

describe('needsCanonicalHash', () => {
  it('is false only for the exact canonical form', () => {
    expect(needsCanonicalHash('#/settings')).toBe(false);
    expect(needsCanonicalHash('#settings')).toBe(true);
    expect(needsCanonicalHash('')).toBe(true);
    expect(needsCanonicalHash('#/bogus')).toBe(true);
  });
});

describe('chat deep links', () => {
  it('keeps #/chat/<id> and #/chat/<id>/<message> as they are', () => {
    expect(needsCanonicalHash('#/chat/abc')).toBe(false);
    expect(needsCanonicalHash('#/chat/abc/m1')).toBe(false);
    expect(needsCanonicalHash('#/chat/abc/m1/extra')).toBe(true);
    expect(parseHashRoute('#/chat/abc')).toBe('chat');
  });

  it('round-trips ids through chatHref, including characters that need escaping', () => {
    const href = chatHref('a b/c', 'm#1');
    expect(parseChatTarget(href)).toEqual({ conversationId: 'a b/c', messageId: 'm#1' });
    expect(parseChatTarget(chatHref('c1'))).toEqual({ conversationId: 'c1', messageId: null });
  });

  it('reads nothing from plain or malformed hashes', () => {
    expect(parseChatTarget('#/chat')).toBeNull();
    expect(parseChatTarget('#/settings/x')).toBeNull();
    expect(parseChatTarget('#/chat/%E0%A4%A')).toBeNull();
  });
});
