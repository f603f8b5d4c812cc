import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WS_TOKEN_PROTOCOL_PREFIX } from '../../src-preload/wireConstants';

/** Names a loopback server may be reached by; anything else is DNS rebinding or a LAN peer. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([...allowedHosts(port)].map((host) => `http://${host}`));
}

export function isAllowedHost(req: IncomingMessage, port: number): boolean {
  return allowedHosts(port).has(req.headers.host ?? '');
}

export function tokenFromProtocols(header: string | undefined): string | null {
  for (const protocol of (header ?? '').split(',').map((p) => p.trim())) {
    if (protocol.startsWith(WS_TOKEN_PROTOCOL_PREFIX)) return protocol.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
  }
  return null;
}

export function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why an upgrade is refused, or null when it may proceed. */
export function refuseUpgrade(
  req: IncomingMessage,
  port: number,
  token: string,
): { status: number; why: string } | null {
  if (!isAllowedHost(req, port)) return { status: 403, why: 'host not allowed' };
  const origin = req.headers.origin;
  if (!origin || !allowedOrigins(port).has(origin))
    return { status: 403, why: `origin not allowed: ${origin ?? 'none'}` };
  if (!tokensMatch(tokenFromProtocols(req.headers['sec-websocket-protocol']), token)) {
    return { status: 401, why: 'missing or wrong token' };
  }
  return null;
}

export function contentSecurityPolicy(port: number): string {
  // Chromium rejects IPv6 literals in CSP sources, so only the two names it accepts are listed.
  const sockets = [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
