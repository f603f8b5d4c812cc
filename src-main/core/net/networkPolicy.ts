/**
 * Which outbound requests Outpost may make, as pure functions. The only reasons to leave the machine are
 * ones the user started (a model download, a Hugging Face search); loopback (our own API server) is local.
 */

/** Why a request is made. `null` means nobody declared one: such requests may only reach loopback. */
export type NetPurpose = 'download' | 'hf-search' | 'loopback';

export type NetReason =
  'loopback' | 'user-started' | 'offline-mode' | 'not-loopback' | 'unattributed' | 'bad-url' | 'bad-scheme';

export interface NetDecision {
  allowed: boolean;
  reason: NetReason;
}

const HTTP_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

/** 127.0.0.0/8, ::1 (and its IPv4-mapped form) and `localhost` names never leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice('::ffff:'.length) : host;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The one rule book: every request core makes is judged here before a socket is opened. */
export function decide(url: string, purpose: NetPurpose | null, offline: boolean): NetDecision {
  const parsed = parse(url);
  if (!parsed) return { allowed: false, reason: 'bad-url' };
  if (!HTTP_SCHEMES.has(parsed.protocol)) return { allowed: false, reason: 'bad-scheme' };
  const loopback = isLoopbackHost(parsed.hostname);
  if (purpose === null)
    return loopback ? { allowed: true, reason: 'loopback' } : { allowed: false, reason: 'unattributed' };
  if (purpose === 'loopback') {
    return loopback ? { allowed: true, reason: 'loopback' } : { allowed: false, reason: 'not-loopback' };
  }
  // Offline mode stops user-started traffic too, even to loopback mirrors: "offline" means no downloads at all.
  if (offline) return { allowed: false, reason: 'offline-mode' };
  return { allowed: true, reason: 'user-started' };
}

/** What the log keeps of a URL: scheme, host and path, never the query (it may carry tokens). */
export function redactUrl(url: string): string {
  const parsed = parse(url);
  if (!parsed) return url.slice(0, 120);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.slice(0, 300);
}
