/**
 * Searches Hugging Face for GGUF repos: `/api/models?search=…&filter=gguf` for the repos, then each repo's
 * `/api/models/<repo>?blobs=true` for file sizes. Responses are checked with zod, extra fields ignored.
 */
import { z } from 'zod';
import { OutpostError } from '@contract';
import type { HfSearchResult } from '../../../src-preload/contract/catalog';

export type HfSearchResultItem = z.infer<typeof HfSearchResult>;

export interface HfSearchOptions {
  fetchImpl?: typeof fetch;
  token?: string | null;
  signal?: AbortSignal;
  baseUrl?: string;
  limit?: number;
  /** How many repos' file lists are fetched at once. */
  concurrency?: number;
}

const ListedModel = z.object({
  id: z.string().min(1),
  downloads: z.number().nullish(),
  likes: z.number().nullish(),
  lastModified: z.string().nullish(),
  siblings: z.array(z.object({ rfilename: z.string() })).nullish(),
});
const ModelList = z.array(ListedModel);

const ModelDetails = z.object({
  id: z.string().min(1),
  lastModified: z.string().nullish(),
  siblings: z
    .array(
      z.object({
        rfilename: z.string(),
        size: z.number().nullish(),
        lfs: z.object({ size: z.number().nullish() }).nullish(),
      }),
    )
    .nullish(),
});

const MAX_QUERY_LENGTH = 200;
const REPO_ID = /^[\w.-]+\/[\w.-]+$/;

export async function searchHuggingFace(query: string, options: HfSearchOptions = {}): Promise<HfSearchResultItem[]> {
  const trimmed = query.trim();
  if (trimmed.length === 0) throw new OutpostError('bad_request', 'Type something to search for');
  if (trimmed.length > MAX_QUERY_LENGTH)
    throw new OutpostError('bad_request', `Search text is limited to ${MAX_QUERY_LENGTH} characters`);
  const baseUrl = (options.baseUrl ?? 'https://huggingface.co').replace(/\/+$/, '');
  const params = new URLSearchParams({
    search: trimmed,
    filter: 'gguf',
    sort: 'downloads',
    direction: '-1',
    limit: String(options.limit ?? 20),
    full: 'true',
  });
  const listed = ModelList.safeParse(await getJson(`${baseUrl}/api/models?${params.toString()}`, options));
  if (!listed.success)
    throw new OutpostError('unavailable', 'Hugging Face answered the search in an unexpected format');

  const repos = listed.data.filter((model) => REPO_ID.test(model.id));
  return mapWithConcurrency(repos, options.concurrency ?? 4, async (model) => {
    const details = await getDetails(baseUrl, model.id, options);
    const siblings =
      details?.siblings ?? model.siblings?.map((sibling) => ({ ...sibling, size: null, lfs: null })) ?? [];
    const ggufFiles = siblings
      .filter((sibling) => sibling.rfilename.toLowerCase().endsWith('.gguf'))
      .map((sibling) => ({
        fileName: sibling.rfilename,
        sizeBytes: sibling.lfs?.size ?? sibling.size ?? null,
        url: `${baseUrl}/${model.id}/resolve/main/${sibling.rfilename.split('/').map(encodeURIComponent).join('/')}`,
      }));
    return {
      repo: model.id,
      downloads: model.downloads ?? null,
      likes: model.likes ?? null,
      updatedAt: model.lastModified ?? details?.lastModified ?? null,
      ggufFiles,
    };
  });
}

/** A repo whose file list can't be had still appears, with the names from the search and no sizes. */
async function getDetails(
  baseUrl: string,
  repo: string,
  options: HfSearchOptions,
): Promise<z.infer<typeof ModelDetails> | null> {
  try {
    const parsed = ModelDetails.safeParse(await getJson(`${baseUrl}/api/models/${repo}?blobs=true`, options));
    return parsed.success ? parsed.data : null;
  } catch (error) {
    if (error instanceof OutpostError && error.code === 'aborted') throw error;
    return null;
  }
}

async function getJson(url: string, options: HfSearchOptions): Promise<unknown> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetchImpl(url, { headers, signal: options.signal });
  } catch (error) {
    if (error instanceof OutpostError) throw error; // the network guard's typed refusal (offline mode)
    if (options.signal?.aborted) throw new OutpostError('aborted', 'The Hugging Face search was cancelled');
    throw new OutpostError('unavailable', `Hugging Face could not be reached (offline?): ${describe(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const hint = response.status === 401 || response.status === 403 ? ' (check the access token)' : '';
    throw new OutpostError('unavailable', `Hugging Face answered ${response.status}${hint}`, {
      status: response.status,
    });
  }
  try {
    return await response.json();
  } catch (error) {
    if (options.signal?.aborted) throw new OutpostError('aborted', 'The Hugging Face search was cancelled');
    throw new OutpostError('unavailable', `Hugging Face sent a reply that is not JSON: ${describe(error)}`);
  }
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}
