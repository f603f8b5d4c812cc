/**
 * Every security decision of the Electron shell, as pure functions. This file must not import
 * 'electron', so Vitest can check each rule under plain Node.
 */

/** The renderer is served from this privileged scheme instead of file:// (checklist: custom protocols). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'outpost';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers added to every app:// response. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * webPreferences every window gets. windows.ts spells them out inline (so scanners see them) plus `preload`
 * and `devTools`; hardening.static.test.ts checks both lists agree.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  // The spellchecker downloads dictionaries from Google's CDN: off, so nothing leaves the machine.
  spellcheck: false,
  // Middle-click would open links in new windows, sidestepping the window-open handler.
  disableBlinkFeatures: 'Auxclick',
} as const;

/** Hosts the app may hand to the OS browser (model cards, source code). Exact matches only. */
export const EXTERNAL_HOST_ALLOW_LIST: ReadonlySet<string> = new Set(['huggingface.co', 'github.com']);

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]`, lower-cased. Node's URL reports origin "null" for non-special schemes
 * such as app:, while Chromium (where app: is registered standard) does not, so build it by hand.
 */
export function originOf(url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed || !parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The electron-vite dev server URL, accepted only when it is http(s) on loopback; anything else is
 * ignored so a stray environment variable cannot point the window at a remote site.
 */
export function parseDevServerUrl(value: string | undefined | null): string | null {
  if (!value) return null;
  const parsed = parseUrl(value);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  if (!LOOPBACK_HOSTNAMES.has(parsed.hostname) || parsed.username || parsed.password) return null;
  return parsed.href;
}

/** True for URLs of our own renderer: app://outpost, or the dev server origin during development. */
export function isAppUrl(url: string, devServerUrl: string | null): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  if (origin === APP_ORIGIN) return true;
  return devServerUrl !== null && origin === originOf(devServerUrl);
}

/** Only plain https links to allow-listed hosts may leave the app (checklist: openExternal). */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password || parsed.port) return false;
  return EXTERNAL_HOST_ALLOW_LIST.has(parsed.hostname.toLowerCase());
}

/** URL patterns the session watches: everything that could leave the machine from a web page. */
export const NETWORK_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

/**
 * Whether a web request of our session may proceed (checklist: no remote content). Only the dev server
 * (http and its HMR socket) is allowed; the packaged app loads everything from app:// and needs no network.
 */
export function isAllowedSessionRequest(url: string, devServerUrl: string | null): boolean {
  if (devServerUrl === null) return false;
  const parsed = parseUrl(url);
  const dev = parseUrl(devServerUrl);
  if (!parsed || !dev) return false;
  const sameHost = parsed.host.toLowerCase() === dev.host.toLowerCase();
  const webSocketOfDev = parsed.protocol === (dev.protocol === 'https:' ? 'wss:' : 'ws:');
  return sameHost && (parsed.protocol === dev.protocol || webSocketOfDev);
}

export interface SenderFacts {
  /** URL of the frame that sent the IPC message; null once the frame navigated away or died. */
  frameUrl: string | null;
  /** The frame is the top frame of its webContents (not an iframe). */
  isMainFrame: boolean;
  /** The webContents belongs to a window this app created. */
  isOurWindow: boolean;
}

/** IPC is answered only for the main frame of our own windows showing our own origin (checklist: validate sender). */
export function isSenderAllowed(sender: SenderFacts, devServerUrl: string | null): boolean {
  if (!sender.isOurWindow || !sender.isMainFrame || sender.frameUrl === null) return false;
  return isAppUrl(sender.frameUrl, devServerUrl);
}

/** Size of a request payload as UTF-8 JSON; null when it cannot be serialized (e.g. a BigInt). */
export function payloadSizeBytes(input: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(input ?? null) ?? 'null', 'utf8');
  } catch {
    return null;
  }
}
