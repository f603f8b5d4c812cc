import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadFailure } from './downloadErrors';
import { fetchFollowingRedirects, MAX_REDIRECTS } from './redirects';
import { FakeModelServer } from './testing/fakeModelServer';

let server: FakeModelServer;
beforeAll(async () => {
  server = await FakeModelServer.start();
});
afterAll(() => server.close());

const options = (authHeaderFor: (url: string) => string | null = () => null) => ({
  fetchImpl: fetch,
  headers: {},
  authHeaderFor,
  signal: new AbortController().signal,
});

describe('fetchFollowingRedirects', () => {
  it('gives up on a redirect loop', async () => {
    server.serve('/loop', Buffer.alloc(0), { redirectTo: '/loop' });
    const failure = await fetchFollowingRedirects(server.url('/loop'), options()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DownloadFailure);
    expect((failure as DownloadFailure).code).toBe('bad_request');
    expect(server.requestsFor('/loop')).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('refuses to follow a redirect to a non-HTTP address', async () => {
    server.serve('/to-file', Buffer.alloc(0), { redirectTo: 'file:///etc/passwd' });
    await expect(fetchFollowingRedirects(server.url('/to-file'), options())).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('file:'),
    });
  });

  it('asks for the auth header per hop and sends it only within the first origin', async () => {
    const asked: string[] = [];
    server.serve('/a/final', Buffer.from('ok'));
    server.serve('/a/start', Buffer.alloc(0), { redirectTo: server.otherOriginUrl('/a/final') });
    const { response, url, sentAuth } = await fetchFollowingRedirects(
      server.url('/a/start'),
      options((hop) => {
        asked.push(hop);
        return 'Bearer x';
      }),
    );
    expect(await response.text()).toBe('ok');
    expect(url).toBe(server.otherOriginUrl('/a/final'));
    expect(sentAuth).toBe(false);
    expect(asked).toEqual([server.url('/a/start')]);
    expect(server.requestsFor('/a/final')[0]?.authorization).toBeNull();
  });
});
