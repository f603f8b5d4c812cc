/**
 * bench nodes: what going through Outpost costs when the model runs on a node. A real second Outpost (`--serve`,
 * generated tiny model) on loopback answers the same streamed request (a) through this Outpost's node path
 * (NodeService + ModelRouter, the path agents use) and (b) through a direct `openai` client, interleaved in the
 * same run: TTFT p50 and tokens/s p50. Then failover: a pool of two served nodes, the first killed with SIGKILL,
 * and the time until the next request's first token (it tries the dead node first, then the live one).
 */
import OpenAI from 'openai';
import { GenerateRequest } from '../src-preload/contract';
import { freePort } from '../src-main/core/api/testing/apiHarness';
import { startServedHost, type ServedHost } from '../src-main/headless/testing/servedHost';
import type { ModelRouter } from '../src-main/core/nodes/modelRouter';
import { addServedNode, createNodeRouter } from '../src-main/core/nodes/testing/nodeRouterHarness';
import { createMemoryLogger } from '../src-main/core/testing/testPorts';
import { machineHeader, percentile, publish } from './lib/report';
import os from 'node:os';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 20);
const FAILOVER_ROUNDS = Number(process.env.BENCH_FAILOVER_ROUNDS ?? 3);
const MAX_TOKENS = 64;
const KEY = 'op-bench-nodes-key-0123456789';
const MODEL = 'tiny-1';
const PROMPT = 'Tell me about the harbour.';

interface Sample {
  ttftMs: number;
  tokensPerSecond: number;
  servedBy?: string;
}

async function serveNode(port: number, dataDir?: string): Promise<ServedHost> {
  return startServedHost({
    ...(dataDir ? { dataDir } : { writeModel: true }),
    serveArgs: ['--listen', '127.0.0.1', '--api-port', String(port), '--allow', '127.0.0.1'],
    env: { OUTPOST_API_KEY: KEY },
  });
}

function nodePath() {
  return createNodeRouter({ clock: { now: () => Date.now() }, logger: createMemoryLogger() });
}

let counter = 0;
/** Through Outpost: the router streams from the node; the first delta is the first token. */
async function viaOutpost(router: ModelRouter, modelId: string): Promise<Sample> {
  const started = performance.now();
  let first: number | null = null;
  const result = await router.generate(
    GenerateRequest.parse({
      requestId: `bench-nodes-${++counter}`,
      modelId,
      messages: [{ role: 'user', content: PROMPT }],
      sampling: { maxTokens: MAX_TOKENS, seed: 1 },
    }),
    { signal: new AbortController().signal, onDelta: () => (first ??= performance.now()) },
  );
  const served = sample(started, first, performance.now(), result.metrics.completionTokens);
  return result.servedBy ? { ...served, servedBy: result.servedBy } : served;
}

/** The same request with the official client straight to the node. */
async function direct(client: OpenAI): Promise<Sample> {
  const started = performance.now();
  let first: number | null = null;
  let tokens = 0;
  const stream = await client.chat.completions.create({
    model: MODEL,
    messages: [{ role: 'user', content: PROMPT }],
    max_tokens: MAX_TOKENS,
    seed: 1,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) first ??= performance.now();
    if (chunk.usage) tokens = chunk.usage.completion_tokens;
  }
  return sample(started, first, performance.now(), tokens);
}

function sample(started: number, first: number | null, ended: number, tokens: number): Sample {
  const firstAt = first ?? ended;
  // Tokens after the first over the time after it: the decode rate a reader sees.
  const decodeMs = Math.max(1e-3, ended - firstAt);
  return { ttftMs: firstAt - started, tokensPerSecond: Math.max(0, tokens - 1) / (decodeMs / 1000) };
}

const progress = (line: string) => process.stderr.write(`[bench nodes] ${line}\n`);

const p50 = (xs: Sample[], key: 'ttftMs' | 'tokensPerSecond') =>
  percentile(
    xs.map((x) => x[key]),
    50,
  );

export async function main(): Promise<void> {
  const [portA, portB] = [await freePort(), await freePort()];
  let a = await serveNode(portA);
  const b = await serveNode(portB);
  progress('two nodes serving');
  try {
    const { nodes, router } = nodePath();
    const add = (name: string, port: number) => addServedNode(nodes, name, `http://127.0.0.1:${port}/v1`, KEY);
    add('Node A', portA);
    add('Node B', portB);
    const client = new OpenAI({ apiKey: KEY, baseURL: `http://127.0.0.1:${portA}/v1`, maxRetries: 0 });
    const ref = `node:node-a/${MODEL}`;
    await viaOutpost(router, ref); // loads the node's model
    await direct(client);
    progress('warm; interleaved runs');
    const outpost: Sample[] = [];
    const straight: Sample[] = [];
    for (let i = 0; i < REPEATS; i++) {
      // Interleaved, alternating who goes first, so drift in machine load hits both sides alike.
      if (i % 2 === 0) {
        outpost.push(await viaOutpost(router, ref));
        straight.push(await direct(client));
      } else {
        straight.push(await direct(client));
        outpost.push(await viaOutpost(router, ref));
      }
      progress(`run ${i + 1}/${REPEATS}`);
    }

    // Failover: the pool tries Node A first (equal load, listed first); A is dead, B answers.
    const pool = nodes.savePool({ name: 'Bench', members: [`node:node-a/${MODEL}`, `node:node-b/${MODEL}`] });
    await viaOutpost(router, `node:node-b/${MODEL}`); // B's model loaded, as a live member's would be
    const failoverMs: number[] = [];
    const liveTtftMs: number[] = [];
    for (let round = 0; round < FAILOVER_ROUNDS; round++) {
      liveTtftMs.push((await viaOutpost(router, `node:node-b/${MODEL}`)).ttftMs);
      await a.kill(); // resolves once the process is gone
      const served = await viaOutpost(router, `pool:${pool.id}`);
      if (served.servedBy !== `node:node-b/${MODEL}`) throw new Error(`failover served by ${served.servedBy}`);
      failoverMs.push(served.ttftMs);
      // Bring A back on its port; its next success resets its failure count.
      a = await serveNode(portA, a.dataDir);
      await viaOutpost(router, ref);
      progress(`failover round ${round + 1}/${FAILOVER_ROUNDS}: ${served.ttftMs.toFixed(0)} ms`);
    }

    const ratio = p50(outpost, 'tokensPerSecond') / p50(straight, 'tokensPerSecond');
    const ttftDiff = p50(outpost, 'ttftMs') - p50(straight, 'ttftMs');
    publish(
      'nodes',
      machineHeader({
        model: 'tiny (generated, Q8_0) on a second Outpost (--serve) on loopback',
        maxTokens: String(MAX_TOKENS),
        load: os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' / '),
      }),
      [
        {
          title: `Through Outpost vs a direct openai client to the same node (p50 of ${REPEATS} interleaved streamed runs)`,
          columns: ['metric', 'direct', 'through Outpost', 'result', 'target'],
          rows: [
            [
              'TTFT ms',
              p50(straight, 'ttftMs').toFixed(1),
              p50(outpost, 'ttftMs').toFixed(1),
              `${ttftDiff >= 0 ? '+' : ''}${ttftDiff.toFixed(1)} ms`,
              '≤ +10 ms',
            ],
            [
              'tokens/s',
              p50(straight, 'tokensPerSecond').toFixed(0),
              p50(outpost, 'tokensPerSecond').toFixed(0),
              `${ratio.toFixed(3)}×`,
              '≥ 0.98×',
            ],
          ],
        },
        {
          title: `Failover: pool [A, B], A killed (SIGKILL), next request's first token (${FAILOVER_ROUNDS} rounds)`,
          columns: ['metric', 'value', 'target'],
          rows: [
            [
              'request right after the kill → first token from B, p50 ms',
              percentile(failoverMs, 50).toFixed(0),
              '≤ 2000 ms',
            ],
            ['same, max ms', Math.max(...failoverMs).toFixed(0), ''],
            ['B alone, TTFT p50 ms (for scale)', percentile(liveTtftMs, 50).toFixed(0), ''],
          ],
        },
      ],
      { outpost, straight, failoverMs, liveTtftMs },
    );
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}
