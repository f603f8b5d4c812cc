/**
 * Follows redirects one hop at a time instead of letting fetch do it, so every hop passes through
 * `fetchImpl` (a network guard sees each host) and the Authorization header never leaves its origin.
 * (undici 6's own `redirect: 'follow'` also drops Authorization on a cross-origin hop; this keeps that
 * guarantee independent of the fetch implementation.)
 */
import { OutpostError } from '@contract';
import { DownloadFailure, networkFailure, toDownloadFailure } from './downloadErrors';

export const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface HopOptions {
  fetchImpl: typeof fetch;
  /** Headers for every hop (Range, If-Range, …); Authorization is added per hop. */
  headers: Record<string, string>;
  authHeaderFor: (url: string) => string | null;
  signal: AbortSignal;
}

export interface FollowedResponse {
  response: Response;
  /** The URL that finally answered. */
  url: string;
  /** Whether that last request carried an Authorization header. */
  sentAuth: boolean;
}

/** Returns the first non-redirect response; connection failures become transient DownloadFailures. */
export async function fetchFollowingRedirects(startUrl: string, options: HopOptions): Promise<FollowedResponse> {
  const origin = new URL(startUrl).origin;
  let url = startUrl;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const auth = new URL(url).origin === origin ? options.authHeaderFor(url) : null;
    const headers = auth === null ? options.headers : { ...options.headers, authorization: auth };
    let response: Response;
    try {
      response = await options.fetchImpl(url, { headers, redirect: 'manual', signal: options.signal });
    } catch (error) {
      if (options.signal.aborted) throw error;
      // The network guard refused (offline mode): a typed, permanent failure, not a retry.
      if (error instanceof OutpostError) throw toDownloadFailure(error);
      throw networkFailure(error, url, false);
    }
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) {
      return { response, url, sentAuth: auth !== null };
    }
    await response.body?.cancel().catch(() => undefined);
    url = nextHop(url, location);
  }
  throw new DownloadFailure('bad_request', `Too many redirects (more than ${MAX_REDIRECTS}) starting at ${startUrl}`, {
    details: { url: startUrl },
  });
}

function nextHop(from: string, location: string): string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new DownloadFailure('bad_request', `${from} redirected to an invalid address: ${location}`);
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:') {
    throw new DownloadFailure('bad_request', `${from} redirected to an unsupported address: ${next.protocol}`);
  }
  return next.href;
}
