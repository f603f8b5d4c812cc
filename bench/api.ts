/**
 * bench api: what the OpenAI-compatible endpoint costs per request over calling the core directly (same
 * tiny model, same request, interleaved), then 50 concurrent clients: errors, p95 latency, RSS before/after.
 */
import OpenAI from 'openai';
import { GenerateRequest } from '../src-preload/contract';
import { createApiHarness } from '../src-main/core/api/testing/apiHarness';
import { machineHeader, percentile, publish } from './lib/report';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 3);
const MAX_TOKENS = 8;
const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);

export async function main(): Promise<void> {
  const h = await createApiHarness();
  try {
    h.settings.set({ apiMaxQueue: CLIENTS * PER_CLIENT, apiRateLimitPerMinute: 10_000 });
    const { newKey, status } = await h.api.setEnabled(true);
    const client = new OpenAI({ apiKey: newKey ?? '', baseURL: status.baseUrl ?? '', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'Say hi.' }];
    let n = 0;
    const direct = async () => {
      const started = performance.now();
      const request = GenerateRequest.parse({
        requestId: `bench-${++n}`,
        modelId: 'tiny-1',
        messages,
        sampling: { maxTokens: MAX_TOKENS, seed: 1 },
      });
      await h.lifecycle.generate(request, { signal: new AbortController().signal });
      return performance.now() - started;
    };
    const viaApi = async () => {
      const started = performance.now();
      await client.chat.completions.create({ model: 'tiny-1', messages, max_tokens: MAX_TOKENS, seed: 1 });
      return performance.now() - started;
    };
    await direct(); // loads the model
    await viaApi();
    const directMs: number[] = [];
    const apiMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      if (i % 2 === 0) {
        directMs.push(await direct());
        apiMs.push(await viaApi());
      } else {
        apiMs.push(await viaApi());
        directMs.push(await direct());
      }
    }

    const rssBefore = process.memoryUsage().rss;
    const latencies: number[] = [];
    const errors: Record<string, number> = {};
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const t0 = performance.now();
          try {
            await client.chat.completions.create({ model: 'tiny-1', messages, max_tokens: MAX_TOKENS });
            latencies.push(performance.now() - t0);
          } catch (error) {
            const key = error instanceof OpenAI.APIError ? String(error.status) : String(error);
            errors[key] = (errors[key] ?? 0) + 1;
          }
        }
      }),
    );
    const wallMs = performance.now() - started;
    const rssAfter = process.memoryUsage().rss;
    const overhead = percentile(apiMs, 50) - percentile(directMs, 50);

    publish(
      'api',
      machineHeader({ model: 'tiny (generated, Q8_0)', maxTokens: String(MAX_TOKENS), parallelSequences: '1' }),
      [
        {
          title: `OpenAI endpoint vs direct core call (p50/p95 of ${REPEATS} interleaved runs, ms)`,
          columns: ['metric', 'direct', 'api', 'diff', 'target'],
          rows: [
            [
              'p50 total ms',
              percentile(directMs, 50).toFixed(1),
              percentile(apiMs, 50).toFixed(1),
              `${overhead.toFixed(1)} ms`,
              '< 10 ms',
            ],
            ['p95 total ms', percentile(directMs, 95).toFixed(1), percentile(apiMs, 95).toFixed(1), '', ''],
          ],
        },
        {
          title: `${CLIENTS} concurrent clients × ${PER_CLIENT} requests (one model, 1 sequence, queued)`,
          columns: ['metric', 'value'],
          rows: [
            ['succeeded', String(latencies.length)],
            ['errors', Object.keys(errors).length ? JSON.stringify(errors) : '0'],
            ['p50 latency ms', percentile(latencies, 50).toFixed(0)],
            ['p95 latency ms', percentile(latencies, 95).toFixed(0)],
            ['wall time ms', wallMs.toFixed(0)],
            ['RSS before / after MB', `${mb(rssBefore)} / ${mb(rssAfter)}`],
          ],
        },
      ],
      { directMs, apiMs, latencies, errors, rssBefore, rssAfter },
    );
  } finally {
    await h.dispose();
  }
}
