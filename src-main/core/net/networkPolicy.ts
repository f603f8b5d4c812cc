/**
 * Which outbound requests Outpost may make, as pure functions. The only reasons to leave the machine are
 * ones the user started (a model download, a Hugging Face search); loopback (our own API server) is local.
 */

/**
 * Why a request is made. `null` means nobody declared one: such requests may only reach loopback.
 * Node purposes are a remote inference node the user added: internet, LAN, or LAN allowed while offline.
 */
/** 'updates': the opt-in "Check for updates" (never automatic; blocked in offline mode like downloads). */
export type NetPurpose = 'download' | 'hf-search' | 'updates' | 'loopback' | NodePurpose;
export type NodePurpose = 'node-internet' | 'node-lan' | 'node-lan-offline';

export type NetReason =
  | 'loopback'
  | 'user-started'
  | 'offline-mode'
  | 'lan-in-offline'
  | 'not-loopback'
  | 'unattributed'
  | 'bad-url'
  | 'bad-scheme';

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
  if (isNodePurpose(purpose)) return decideNode(parsed.hostname, loopback, purpose, offline);
  // Offline mode stops user-started traffic too, even to loopback mirrors: "offline" means no downloads at all.
  if (offline) return { allowed: false, reason: 'offline-mode' };
  return { allowed: true, reason: 'user-started' };
}

function isNodePurpose(purpose: NetPurpose): purpose is NodePurpose {
  return purpose === 'node-internet' || purpose === 'node-lan' || purpose === 'node-lan-offline';
}

/**
 * A node on loopback (another Outpost on this machine) is always local. Offline mode stops internet nodes, and LAN
 * nodes unless the user allowed that one; even then only a private address passes, so a mislabelled node can't leak.
 */
function decideNode(hostname: string, loopback: boolean, purpose: NodePurpose, offline: boolean): NetDecision {
  if (loopback) return { allowed: true, reason: 'loopback' };
  if (!offline) return { allowed: true, reason: 'user-started' };
  if (purpose === 'node-lan-offline' && isPrivateHost(hostname)) return { allowed: true, reason: 'lan-in-offline' };
  return { allowed: false, reason: 'offline-mode' };
}

/** RFC 1918 / link-local / unique-local addresses and mDNS or single-label names: hosts on this network. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (host.includes(':')) return /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host);
  return host.endsWith('.local') || host.endsWith('.lan') || host.endsWith('.home.arpa') || !host.includes('.');
}

/** What the log keeps of a URL: scheme, host and path, never the query (it may carry tokens). */
export function redactUrl(url: string): string {
  const parsed = parse(url);
  if (!parsed) return url.slice(0, 120);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.slice(0, 300);
}
