/**
 * bench streaming — token events from the inference worker to a client.
 * 1. Over the headless host's WebSocket bridge (core + events + ws) vs the worker path alone
 *    (createInferenceEngine in this process): TTFT difference and events/s ratio, interleaved rounds.
 * 2. In Chromium: the real renderer streams 2k tokens in the Models screen's test prompt; long tasks
 *    (Performance API) while streaming vs the same page idle for as long.
 * Electron IPC is not measured here: this machine has no display for Electron (see README).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOAD_OPTIONS, GenerateRequest, type GenerateResult } from '../src-preload/contract';
import { ensureBuilt, headlessEntry, ROOT } from '../scripts/lib/buildState';
import { createInferenceEngine } from '../src-main/core/inference/inferenceClient';
import { forkSpawner } from '../src-main/core/process/forkSpawner';
import { createConsoleLogger } from '../src-main/core/consoleLogger';
import { makeDataDir, startHeadlessHost } from '../e2e/fixtures/headlessHost';
import { seedModels, TINY } from '../e2e/fixtures/testModels';
import { connectHost, type HostClient } from './lib/hostClient';
import { browserLongTasks, chromiumPath, type LongTask } from './lib/longTasks';
import { machineHeader, percentile, publish } from './lib/report';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 9);
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 256);
const UI_TOKENS = Number(process.env.BENCH_UI_TOKENS ?? 2048);
const MODEL_FILE = 'stream-bench.gguf';
const load = { ...DEFAULT_LOAD_OPTIONS, threads: 1, contextSize: 4096, parallelSequences: 1 };

interface StreamRun {
  path: 'websocket' | 'worker';
  ttftMs: number;
  events: number;
  eventsPerSecond: number;
  tokens: number;
}

/** Both paths get the same prompt in a round (`topic`), so they generate the same tokens. */
const request = (id: string, topic: string, maxTokens: number) =>
  GenerateRequest.parse({
    requestId: id,
    modelId: 'stream-bench',
    messages: [{ role: 'user', content: `Story ${topic}: tell a long story about a lighthouse.` }],
    sampling: { maxTokens, temperature: 0.8, seed: 1 },
    origin: 'bench',
  });

function summarise(path: StreamRun['path'], started: number, times: number[], result: GenerateResult): StreamRun {
  const span = (times.at(-1)! - times[0]!) / 1000;
  return {
    path,
    ttftMs: times[0]! - started,
    events: times.length,
    eventsPerSecond: times.length > 1 ? (times.length - 1) / span : Number.NaN,
    tokens: result.metrics.completionTokens,
  };
}

async function overSocket(client: HostClient, id: string, topic: string): Promise<StreamRun> {
  const times: number[] = [];
  const off = client.onEvent((name, payload, at) => {
    if (name === 'inference.token' && (payload as { requestId: string }).requestId === id) times.push(at);
  });
  // Deltas reach only clients subscribed to the request's topic.
  await client.request('events.subscribe', { topics: [`inference:${id}`] });
  const started = performance.now();
  const result = await client.request<GenerateResult>('inference.generate', request(id, topic, MAX_TOKENS));
  off();
  return summarise('websocket', started, times, result);
}

export async function main(): Promise<void> {
  ensureBuilt();
  const executablePath = chromiumPath();
  const dataDir = makeDataDir();
  await seedModels(dataDir, { [MODEL_FILE]: TINY });
  const host = await startHeadlessHost(dataDir);
  const client = await connectHost(host.url);
  await client.request('models.load', { id: 'stream-bench', options: load });

  const workerPath = path.join(path.dirname(headlessEntry() ?? path.join(ROOT, 'out/main/x')), 'inferenceWorker.js');
  const engine = createInferenceEngine({
    spawner: forkSpawner,
    workerPath,
    logger: createConsoleLogger('warn', 'bench'),
    backend: 'cpu',
  });
  await engine.load({ id: 'stream-bench', path: path.join(dataDir, 'models', MODEL_FILE) }, load, () => {});
  const direct = async (id: string, topic: string): Promise<StreamRun> => {
    const times: number[] = [];
    const started = performance.now();
    const result = await engine.generate(request(id, topic, MAX_TOKENS), {
      onDelta: () => times.push(performance.now()),
    });
    return summarise('worker', started, times, result);
  };

  await overSocket(client, 'warm-ws', 'warm');
  await direct('warm-direct', 'warm');
  const runs: StreamRun[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const pair = [() => overSocket(client, `ws-${i}`, String(i)), () => direct(`direct-${i}`, String(i))];
    for (const run of i % 2 === 0 ? pair : pair.reverse()) runs.push(await run());
  }
  await engine.dispose();

  console.log(`streaming ${UI_TOKENS} tokens into the renderer...`);
  const ui = await browserLongTasks({ executablePath, hostUrl: host.url, client, maxTokens: UI_TOKENS });
  client.close();
  await host.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const of = (p: StreamRun['path'], key: keyof Omit<StreamRun, 'path'>) =>
    percentile(
      runs.filter((r) => r.path === p).map((r) => r[key]),
      50,
    );
  const worst = (tasks: LongTask[]) => (tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0);
  publish(
    'streaming',
    machineHeader({ backend: 'cpu', model: 'tiny Q8_0 (fast tokens: stresses the transport)', threads: '1' }),
    [
      {
        title: `token events: worker path alone vs through core + WebSocket (median of ${REPEATS} interleaved runs)`,
        columns: ['metric', 'worker', 'websocket', 'ratio / diff'],
        rows: [
          [
            'TTFT ms',
            of('worker', 'ttftMs'),
            of('websocket', 'ttftMs'),
            of('websocket', 'ttftMs') - of('worker', 'ttftMs'),
          ],
          [
            'events/s',
            of('worker', 'eventsPerSecond'),
            of('websocket', 'eventsPerSecond'),
            of('websocket', 'eventsPerSecond') / of('worker', 'eventsPerSecond'),
          ],
          ['events per run', of('worker', 'events'), of('websocket', 'events'), ''],
          ['tokens per run', of('worker', 'tokens'), of('websocket', 'tokens'), ''],
        ],
      },
      {
        title: `renderer long tasks (Chromium, Models screen test prompt, ${UI_TOKENS} max tokens)`,
        columns: ['window', 'seconds', 'tokens streamed', 'token events', 'long tasks', 'longest ms', 'target'],
        rows: [
          ['idle (baseline)', ui.idleSeconds, 0, 0, ui.idle.length, worst(ui.idle), ''],
          [
            'streaming',
            ui.streamSeconds,
            ui.tokens,
            ui.events,
            ui.streaming.length,
            worst(ui.streaming),
            'none > 50 ms',
          ],
        ],
      },
    ],
    { runs, ui, cpus: os.cpus().length },
  );
}
