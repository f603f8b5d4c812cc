import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  SECURE_WEB_PREFERENCES,
  isAllowedExternalUrl,
  isAllowedSessionRequest,
  isAppUrl,
  isSenderAllowed,
  originOf,
  parseDevServerUrl,
  payloadSizeBytes,
} from './securityPolicy';

const DEV = 'http://localhost:5173/';

describe('originOf', () => {
  it('builds an origin for the custom app scheme, which Node reports as "null"', () => {
    expect(new URL('app://outpost/x').origin).toBe('null');
    expect(originOf('app://outpost/index.html')).toBe('app://outpost');
    expect(originOf('APP://OUTPOST/')).toBe('app://outpost');
  });
  it('returns null for unparseable or host-less URLs', () => {
    expect(originOf('not a url')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('accepts the app origin and, in development, the dev server origin', () => {
    expect(isAppUrl(APP_ENTRY_URL, null)).toBe(true);
    expect(isAppUrl('app://outpost/settings?tab=1#x', null)).toBe(true);
    expect(isAppUrl('http://localhost:5173/chat', DEV)).toBe(true);
  });
  it('rejects look-alikes and everything else', () => {
    for (const url of [
      'app://outpost.evil.com/',
      'app://evil/',
      'app://outpost:8080/',
      'file:///etc/passwd',
      'https://outpost/',
      'http://localhost:5174/',
      'http://localhost:5173/',
      'javascript:alert(1)',
      'about:blank',
      '',
    ]) {
      expect(isAppUrl(url, null), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false);
  });
});

describe('parseDevServerUrl', () => {
  it('accepts loopback http(s) only', () => {
    expect(parseDevServerUrl('http://localhost:5173')).toBe('http://localhost:5173/');
    expect(parseDevServerUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
    expect(parseDevServerUrl('http://[::1]:5173/')).toBe('http://[::1]:5173/');
  });
  it('ignores missing, remote or odd values', () => {
    for (const value of [
      undefined,
      null,
      '',
      'https://example.com',
      'file:///tmp/x',
      'http://user:pw@localhost:1/',
      'nonsense',
    ]) {
      expect(parseDevServerUrl(value), String(value)).toBeNull();
    }
  });
});

describe('isAllowedExternalUrl', () => {
  it('allows https links to allow-listed hosts', () => {
    expect(isAllowedExternalUrl('https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/withcatai/node-llama-cpp')).toBe(true);
    expect(isAllowedExternalUrl('https://GitHub.com/')).toBe(true);
  });
  it('refuses other schemes, hosts, credentials and ports', () => {
    for (const url of [
      'http://github.com/',
      'file:///etc/passwd',
      'smb://github.com/share',
      'javascript:alert(1)',
      'https://github.com.evil.com/',
      'https://evil.com/github.com',
      'https://gist.github.com/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('isSenderAllowed', () => {
  const ok = { frameUrl: 'app://outpost/', isMainFrame: true, isOurWindow: true };
  it('accepts the main frame of our window on the app origin', () => {
    expect(isSenderAllowed(ok, null)).toBe(true);
    expect(isSenderAllowed({ ...ok, frameUrl: 'http://localhost:5173/' }, DEV)).toBe(true);
  });
  it('refuses sub-frames, foreign windows, gone frames and foreign origins', () => {
    expect(isSenderAllowed({ ...ok, isMainFrame: false }, null)).toBe(false);
    expect(isSenderAllowed({ ...ok, isOurWindow: false }, null)).toBe(false);
    expect(isSenderAllowed({ ...ok, frameUrl: null }, null)).toBe(false);
    expect(isSenderAllowed({ ...ok, frameUrl: 'https://evil.com/' }, null)).toBe(false);
    expect(isSenderAllowed({ ...ok, frameUrl: 'http://localhost:5173/' }, null)).toBe(false);
  });
});

describe('payloadSizeBytes', () => {
  it('counts UTF-8 bytes of the JSON form', () => {
    expect(payloadSizeBytes({})).toBe(2);
    expect(payloadSizeBytes(undefined)).toBe(4);
    expect(payloadSizeBytes({ t: 'é' })).toBe(JSON.stringify({ t: 'é' }).length + 1);
  });
  it('returns null for values JSON cannot carry', () => {
    expect(payloadSizeBytes({ n: 1n })).toBeNull();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(payloadSizeBytes(cyclic)).toBeNull();
  });
});

describe('policy constants', () => {
  it('keeps the CSP strict', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });
  it('keeps the renderer isolated and sandboxed', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(SECURE_WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(SECURE_WEB_PREFERENCES).not.toHaveProperty('preload');
  });
});

describe('isAllowedSessionRequest', () => {
  it('allows only the dev server and its HMR socket, and nothing in production', () => {
    expect(isAllowedSessionRequest('http://localhost:5173/src/main.tsx', DEV)).toBe(true);
    expect(isAllowedSessionRequest('ws://localhost:5173/?token=x', DEV)).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://localhost:5174/',
      'wss://localhost:5173/',
      'http://127.0.0.1:5173/',
    ])
      expect(isAllowedSessionRequest(url, DEV), url).toBe(false);
    expect(isAllowedSessionRequest('http://localhost:5173/', null)).toBe(false);
    expect(isAllowedSessionRequest('https://fonts.googleapis.com/css', null)).toBe(false);
  });
});
