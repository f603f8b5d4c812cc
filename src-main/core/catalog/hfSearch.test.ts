import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { searchHuggingFace } from './hfSearch';

// Canned replies in the shapes huggingface.co returns (extra fields kept on purpose).
const LIST = [
  {
    _id: '66e81cefd1f5e9f2b8d0a1b2',
    id: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
    likes: 120,
    downloads: 98765,
    trendingScore: 3,
    private: false,
    tags: ['gguf', 'chat', 'text-generation'],
    pipeline_tag: 'text-generation',
    library_name: 'gguf',
    createdAt: '2024-09-17T14:08:52.000Z',
    lastModified: '2024-09-20T11:56:44.000Z',
    modelId: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
    siblings: [
      { rfilename: '.gitattributes' },
      { rfilename: 'LICENSE' },
      { rfilename: 'qwen2.5-0.5b-instruct-q4_k_m.gguf' },
    ],
  },
  {
    _id: '66e81cefd1f5e9f2b8d0a1b3',
    id: 'someone/split-model-GGUF',
    likes: 4,
    downloads: 12,
    lastModified: '2025-01-02T03:04:05.000Z',
    siblings: [{ rfilename: 'Q8_0/model-Q8_0-00001-of-00002.gguf' }, { rfilename: 'README.md' }],
  },
];
const DETAILS: Record<string, unknown> = {
  'Qwen/Qwen2.5-0.5B-Instruct-GGUF': {
    _id: '66e81cefd1f5e9f2b8d0a1b2',
    id: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
    modelId: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
    author: 'Qwen',
    sha: '9217f5db79a29953eb74d5343926648285ec7e67',
    lastModified: '2024-09-20T11:56:44.000Z',
    private: false,
    gated: false,
    gguf: { total: 494032768, architecture: 'qwen2', context_length: 32768 },
    siblings: [
      { rfilename: '.gitattributes', blobId: 'a6344aac8c09253b3b630fb776ae94478aa0275b', size: 1519 },
      {
        rfilename: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
        blobId: '0000000000000000000000000000000000000001',
        size: 491400032,
        lfs: {
          sha256: '74a4da8c9fdbcd15bd1f6d01d621410d31c6fc00986f5eb687824e7b93d7a9db',
          size: 491400032,
          pointerSize: 135,
        },
      },
    ],
    usedStorage: 7000000000,
  },
};

let server: Server;
let baseUrl: string;
const seen: IncomingMessage[] = [];
let failList: number | null = null;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname === '/api/models') {
      if (failList !== null) return send(failList, { error: 'nope' });
      if (url.searchParams.get('search') === 'garbage') return send(200, 'not json at all');
      if (url.searchParams.get('search') === 'weird') return send(200, { models: 'wrong shape' });
      return send(200, LIST);
    }
    const repo = url.pathname.replace(/^\/api\/models\//, '');
    const details = DETAILS[repo];
    return details === undefined ? send(404, { error: 'Repository not found' }) : send(200, details);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failure(promise: Promise<unknown>): Promise<OutpostError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutpostError);
  return error as OutpostError;
}

describe('searchHuggingFace', () => {
  it('asks the search API for GGUF repos and lists their .gguf files with sizes', async () => {
    seen.length = 0;
    const results = await searchHuggingFace('qwen 0.5b', { baseUrl, token: 'hf_secret' });
    const search = new URL(seen[0]?.url ?? '', baseUrl).searchParams;
    expect(Object.fromEntries(search)).toEqual({
      search: 'qwen 0.5b',
      filter: 'gguf',
      sort: 'downloads',
      direction: '-1',
      limit: '20',
      full: 'true',
    });
    expect(seen.every((request) => request.headers.authorization === 'Bearer hf_secret')).toBe(true);
    expect(seen.some((request) => request.url === '/api/models/Qwen/Qwen2.5-0.5B-Instruct-GGUF?blobs=true')).toBe(true);

    expect(results).toEqual([
      {
        repo: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
        downloads: 98765,
        likes: 120,
        updatedAt: '2024-09-20T11:56:44.000Z',
        ggufFiles: [
          {
            fileName: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
            sizeBytes: 491400032,
            url: `${baseUrl}/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf`,
          },
        ],
      },
      {
        // Its file list failed (404): names from the search, sizes unknown.
        repo: 'someone/split-model-GGUF',
        downloads: 12,
        likes: 4,
        updatedAt: '2025-01-02T03:04:05.000Z',
        ggufFiles: [
          {
            fileName: 'Q8_0/model-Q8_0-00001-of-00002.gguf',
            sizeBytes: null,
            url: `${baseUrl}/someone/split-model-GGUF/resolve/main/Q8_0/model-Q8_0-00001-of-00002.gguf`,
          },
        ],
      },
    ]);
  });

  it('sends no authorization header without a token', async () => {
    seen.length = 0;
    await searchHuggingFace('qwen', { baseUrl });
    expect(seen.every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  it('reports non-200 answers as unavailable', async () => {
    failList = 503;
    try {
      const error = await failure(searchHuggingFace('qwen', { baseUrl }));
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/503/);
    } finally {
      failList = null;
    }
  });

  it('reports being offline as unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(searchHuggingFace('qwen', { baseUrl: `http://127.0.0.1:${port}` }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/could not be reached/);
  });

  it('reports replies that are not JSON or not in the expected shape as unavailable', async () => {
    expect((await failure(searchHuggingFace('garbage', { baseUrl }))).code).toBe('unavailable');
    expect((await failure(searchHuggingFace('weird', { baseUrl }))).message).toMatch(/unexpected format/);
  });

  it('uses the injected fetch and honours an abort', async () => {
    const controller = new AbortController();
    const fetchImpl: typeof fetch = async (_input, init) => {
      controller.abort();
      throw init?.signal?.reason ?? new Error('aborted');
    };
    const error = await failure(searchHuggingFace('qwen', { baseUrl, fetchImpl, signal: controller.signal }));
    expect(error.code).toBe('aborted');
  });

  it('refuses an empty or oversized query', async () => {
    expect((await failure(searchHuggingFace('   ', { baseUrl }))).code).toBe('bad_request');
    expect((await failure(searchHuggingFace('x'.repeat(201), { baseUrl }))).code).toBe('bad_request');
  });
});
