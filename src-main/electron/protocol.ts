/** Serves the built renderer from app://outpost/ with a strict CSP (checklist: custom protocol, CSP). */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import type { Logger } from '../core/ports';
import { RENDERER_INDEX_FILE, contentTypeFor, resolveRendererPath, wantsSpaFallback } from './rendererPaths';
import { APP_RESPONSE_HEADERS, APP_SCHEME } from './securityPolicy';

/** Must run before app 'ready' (Electron only accepts privileged schemes then), and only once. */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: relative URLs and web storage work; secure: treated like https; fetch: the UI may fetch assets.
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}

async function serveFile(filePath: string, method: string): Promise<Response> {
  const fetched = await net.fetch(pathToFileURL(filePath).toString());
  if (!fetched.ok) return textResponse(fetched.status, 'Not found');
  // Fetched headers are immutable; build a fresh response that carries our security headers.
  const headers = new Headers(APP_RESPONSE_HEADERS);
  headers.set(
    'Content-Type',
    contentTypeFor(filePath) ?? fetched.headers.get('Content-Type') ?? 'application/octet-stream',
  );
  headers.set('Cache-Control', 'no-cache');
  return new Response(method === 'HEAD' ? null : fetched.body, { status: 200, headers });
}

/** Call after 'ready'. Registered on the default session, which every window uses. */
export function handleAppProtocol(rendererDir: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
      const filePath = resolveRendererPath(rendererDir, request.url);
      if (filePath === null) {
        logger.warn('app protocol refused a path', { url: request.url.slice(0, 300) });
        return textResponse(403, 'Forbidden');
      }
      if (await isFile(filePath)) return await serveFile(filePath, request.method);
      if (wantsSpaFallback(request.url))
        return await serveFile(path.join(rendererDir, RENDERER_INDEX_FILE), request.method);
      return textResponse(404, 'Not found');
    } catch (error) {
      logger.error('app protocol failed', { url: request.url.slice(0, 300), error: String(error) });
      return textResponse(500, 'Internal error');
    }
  });
}
