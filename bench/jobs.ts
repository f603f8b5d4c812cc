/**
 * bench jobs: does background work yield to the user? Foreground chat TTFT (chat.send → first chat.delta) on a
 * model while a background job's run is generating on the same model, vs the same chat with no job running.
 * The whole app path: createCore, a job run through the run queue and runtime, chat through ChatService.
 * Each round measures both (order rotated), the ratio is per round, then the median (target ≤ 1.1×).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_LOAD_OPTIONS,
  type ChatEvent,
  type EventName,
  type EventPayload,
  type Run,
} from '../src-preload/contract';
import { makeTestModel } from '../scripts/test-model/make-test-model';
import { ensureBuilt, headlessEntry, ROOT } from '../scripts/lib/buildState';
import { createCore, type Core } from '../src-main/core/createCore';
import { modelsDirFor } from '../src-main/core/models/modelRegistry';
import type { EventSink } from '../src-main/core/ports';
import { createTestPorts, makeTempDir } from '../src-main/core/testing/testPorts';
import { machineHeader, percentile, publish } from './lib/report';

const SHAPE = (process.env.BENCH_SHAPE ?? '0.5b') as '0.5b' | '1.5b' | 'tiny';
const THREADS = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);
const CONTEXT = 2048;
/** How long the background run decodes before the user sends (its prompt is evaluated by then). */
const JOB_HEAD_START_MS = Number(process.env.BENCH_JOB_HEAD_START_MS ?? 1500);
const MODEL_ID = 'bench-jobs-model';
const PROMPT = 'Write a short note about running language models offline on a laptop, with three tips.';

class Sink implements EventSink {
  readonly listeners = new Set<(name: EventName, payload: unknown) => void>();
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload);
  }
  /** The first event that passes the test (events before the call are not seen). */
  next<E extends EventName>(name: E, test: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
    return new Promise((resolve) => {
      const listener = (n: EventName, payload: unknown) => {
        if (n !== name || !test(payload as EventPayload<E>)) return;
        this.listeners.delete(listener);
        resolve(payload as EventPayload<E>);
      };
      this.listeners.add(listener);
    });
  }
}

const FINISHED = new Set<Run['status']>(['succeeded', 'failed', 'limit', 'cancelled', 'interrupted']);

export async function main(): Promise<void> {
  ensureBuilt();
  const workerPath = path.join(path.dirname(headlessEntry() ?? path.join(ROOT, 'out/main/x')), 'inferenceWorker.js');
  console.log(`generating/using a ${SHAPE} Q8_0 test model...`);
  const modelPath = await makeTestModel({ shape: SHAPE, type: 'Q8_0', seed: 7 });
  const dataDir = makeTempDir('outpost-bench-jobs-');
  const modelFile = path.join(modelsDirFor(dataDir), `${MODEL_ID}.gguf`);
  fs.mkdirSync(path.dirname(modelFile), { recursive: true });
  fs.linkSync(modelPath, modelFile);
  const sink = new Sink();
  const { ports } = createTestPorts(dataDir);
  const core: Core = await createCore({
    ...ports,
    events: sink,
    workers: { ...ports.workers, inference: { modulePath: workerPath } },
  });
  const signal = new AbortController().signal;
  const call = async <T>(route: string, input: unknown): Promise<T> => {
    const reply = await core.dispatch({ route, input } as never, { signal });
    if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };

  try {
    // Two sequences (the default): the user's chat never waits for a free one, only for compute.
    const options = { ...DEFAULT_LOAD_OPTIONS, threads: THREADS, contextSize: CONTEXT, parallelSequences: 2 };
    await call('models.setLoadOptions', { id: MODEL_ID, options });
    await call('models.load', { id: MODEL_ID, options });
    const agent = (id: string, maxTokens: number) =>
      call('agents.create', {
        definition: {
          id,
          name: id,
          avatar: { symbol: 'B', colour: '#112233' },
          systemPrompt: 'You help.',
          model: { preferred: MODEL_ID },
          sampling: { maxTokens, temperature: 0.8, seed: 3 },
        },
      });
    await agent('chat-agent', 16);
    // A long background answer: it is still decoding when the user sends.
    await agent('job-agent', 1024);
    const job = await call<{ id: string }>('jobs.create', {
      name: 'Background writer',
      agentId: 'job-agent',
      instruction: PROMPT,
      trigger: { kind: 'manual' },
      limits: { maxToolRounds: 0, maxTokens: 4096, maxWallSeconds: 600, approvalExpiryMinutes: 60 },
    });

    const chat = async (label: string): Promise<number> => {
      const { id: conversationId } = await call<{ id: string }>('conversations.create', { agentId: 'chat-agent' });
      let firstDelta = Number.NaN;
      const first = sink
        .next('chat.delta', (d) => d.conversationId === conversationId)
        .then(() => {
          firstDelta = performance.now();
        });
      const done = sink.next(
        'chat.event',
        (e: ChatEvent) => e.conversationId === conversationId && ['done', 'error', 'aborted'].includes(e.event.type),
      );
      const started = performance.now();
      await call('chat.send', { conversationId, text: `Run ${label}. ${PROMPT}` });
      const end = await done;
      await Promise.race([first, Promise.resolve()]);
      if (end.event.type !== 'done') throw new Error(`chat ${label} ended ${JSON.stringify(end.event).slice(0, 400)}`);
      return firstDelta - started;
    };

    /** Starts a background run and resolves once it has been generating for JOB_HEAD_START_MS. */
    const startJob = async (): Promise<Run> => {
      const running = sink.next('runs.changed', (r) => r.jobId === job.id && r.status === 'running');
      const run = await call<Run>('jobs.runNow', { id: job.id });
      await running;
      await new Promise((resolve) => setTimeout(resolve, JOB_HEAD_START_MS));
      return run;
    };
    const stopJob = async (run: Run): Promise<Run['status']> => {
      const current = (await call<{ run: Run }>('runs.get', { id: run.id })).run;
      if (FINISHED.has(current.status)) return current.status;
      const ended = sink.next('runs.changed', (r) => r.id === run.id && FINISHED.has(r.status));
      await call('runs.cancel', { id: run.id });
      return (await ended).status;
    };

    await chat('warm-up');
    const warmRun = await startJob();
    await stopJob(warmRun);

    const rows: { alone: number; withJob: number; overlapped: boolean }[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const alone = async () => chat(`alone-${i}`);
      const withJob = async () => {
        const run = await startJob();
        const ttft = await chat(`job-${i}`);
        // 'cancelled' here means the run was still generating when the chat ended: the two overlapped.
        const status = await stopJob(run);
        return { ttft, overlapped: status === 'cancelled' };
      };
      let a: number;
      let w: { ttft: number; overlapped: boolean };
      if (i % 2 === 0) {
        a = await alone();
        w = await withJob();
      } else {
        w = await withJob();
        a = await alone();
      }
      rows.push({ alone: a, withJob: w.ttft, overlapped: w.overlapped });
      console.log(
        `round ${i + 1}: alone ${a.toFixed(0)} ms, with a background run ${w.ttft.toFixed(0)} ms (${(w.ttft / a).toFixed(2)}×)` +
          `${w.overlapped ? '' : ' — the run had ended before the chat did'}`,
      );
    }

    const ratio = percentile(
      rows.map((r) => r.withJob / r.alone),
      50,
    );
    publish(
      'jobs',
      machineHeader({
        backend: 'cpu',
        model: `${SHAPE} Q8_0, context ${CONTEXT} × 2 sequences`,
        threads: String(THREADS),
        rounds: String(REPEATS),
        load: `loadavg ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')} at the end`,
      }),
      [
        {
          title: 'Foreground chat TTFT with a background run on the same model',
          columns: ['measure', 'value', 'target', 'met?'],
          rows: [
            [
              'chat alone, TTFT p50 (ms)',
              percentile(
                rows.map((r) => r.alone),
                50,
              ),
              'baseline',
              '',
            ],
            [
              'chat during a background run, TTFT p50 (ms)',
              percentile(
                rows.map((r) => r.withJob),
                50,
              ),
              '',
              '',
            ],
            ['ratio (median of per-round ratios)', ratio, '≤ 1.1×', ratio <= 1.1 ? 'yes' : 'no'],
            [
              'rounds where the run was still generating',
              `${rows.filter((r) => r.overlapped).length}/${REPEATS}`,
              '',
              '',
            ],
          ],
        },
      ],
      { rows, shape: SHAPE, threads: THREADS, headStartMs: JOB_HEAD_START_MS },
    );
  } finally {
    await core.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
