/** Restart policy, backend switches and disposal against a scripted fake worker (no llama.cpp, fast). */
import { describe, expect, it } from 'vitest';
import type { WorkerStatus } from '../../../src-preload/contract/inference';
import type { ProcessSpawner, SpawnedProcess } from '../ports';
import { createInferenceEngine } from './inferenceClient';
import { PROTOCOL_VERSION } from './protocol';
import { captureLogger, chatRequest, testLoadOptions, waitFor } from './testing/engineHarness';

interface FakeScript {
  /** Answer init with an error instead of ready. */
  refuseInit?: boolean;
  /** Ignore shutdown, so the client must kill. */
  lingerOnShutdown?: boolean;
}

/** What a worker on this backend reports about its binary (the real worker reads it from the loaded llama). */
const engineOn = (backend: string | undefined) => ({
  nodeLlamaCpp: '3.22.1',
  llamaCpp: 'b6000',
  backend,
  variant: 'stock',
  patches: [],
  portable: null,
});

class FakeWorker implements SpawnedProcess {
  private messageListeners = new Set<(message: unknown) => void>();
  private exitListeners = new Set<(code: number | null, signal: string | null) => void>();
  readonly received: Array<{ type: string; callId: string; backend?: string }> = [];
  alive = true;
  killed = false;

  constructor(
    readonly pid: number,
    private readonly script: FakeScript,
  ) {}

  postMessage(raw: unknown): boolean {
    const message = raw as { type: string; callId: string; backend?: string; model?: { id: string } };
    if (!this.alive) return false;
    this.received.push(message);
    queueMicrotask(() => this.answer(message));
    return true;
  }

  private answer(message: { type: string; callId: string; backend?: string; model?: { id: string } }): void {
    if (!this.alive) return;
    const reply = (value: unknown) => this.emit({ type: 'result', callId: message.callId, ok: true, value });
    if (message.type === 'init') {
      if (this.script.refuseInit) {
        this.emit({ type: 'error', callId: message.callId, error: { code: 'unavailable', message: 'no llama' } });
      } else {
        const backend = message.backend === 'auto' ? 'cpu' : message.backend;
        reply({
          protocol: PROTOCOL_VERSION,
          backend,
          gpu: null,
          pid: this.pid,
          fallbackReason: null,
          engine: engineOn(backend),
        });
      }
    } else if (message.type === 'load') {
      reply({ gpuLayers: 0, contextSize: 512, parallelSequences: 2, ramBytes: 1, vramBytes: 0 });
    } else if (message.type === 'shutdown' && !this.script.lingerOnShutdown) {
      reply({});
      this.exit(0, null);
    }
    // generate: never answers, like a long generation.
  }

  private emit(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }

  exit(code: number | null, signal: string | null): void {
    if (!this.alive) return;
    this.alive = false;
    for (const listener of this.exitListeners) listener(code, signal);
  }

  onMessage(listener: (message: unknown) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onExit(listener: (code: number | null, signal: string | null) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  kill(): void {
    this.killed = true;
    queueMicrotask(() => this.exit(null, 'SIGKILL'));
  }
}

function fakeEngine(script: FakeScript = {}) {
  const workers: FakeWorker[] = [];
  const spawner: ProcessSpawner = {
    spawn: () => {
      const worker = new FakeWorker(1000 + workers.length, script);
      workers.push(worker);
      return worker;
    },
  };
  const engine = createInferenceEngine({
    spawner,
    workerPath: 'fake.js',
    logger: captureLogger(),
    backend: 'cpu',
    restartPolicy: { initialDelayMs: 5, maxDelayMs: 20, maxCrashesPerWindow: 2, windowMs: 60_000 },
    shutdownGraceMs: 20,
  });
  const states: WorkerStatus['state'][] = [];
  engine.onStatus((status) => states.push(status.state));
  const latest = () => workers.at(-1) as FakeWorker;
  return { engine, workers, states, latest };
}

const model = { id: 'm', path: '/models/m.gguf' };

describe('inference client lifecycle', () => {
  it('spawns lazily on the first call', async () => {
    const { engine, workers } = fakeEngine();
    expect(engine.status().state).toBe('stopped');
    expect(workers).toHaveLength(0);
    await engine.load(model, testLoadOptions(), () => undefined);
    expect(workers).toHaveLength(1);
    expect(engine.status()).toMatchObject({ state: 'ready', pid: 1000, backend: 'cpu' });
    await engine.dispose();
  });

  it('restarts with backoff after crashes, gives up after a burst, and retries on the next call', async () => {
    const { engine, workers, states, latest } = fakeEngine();
    const lost: string[][] = [];
    engine.onModelsLost((ids) => lost.push(ids));
    await engine.load(model, testLoadOptions(), () => undefined);

    const running = engine.generate(chatRequest('m'), {});
    latest().exit(null, 'SIGSEGV');
    await expect(running).rejects.toMatchObject({
      code: 'worker_crashed',
      message: expect.stringMatching(/SIGSEGV.*generation/),
    });
    expect(lost).toEqual([['m']]);
    await waitFor(() => engine.status().state === 'ready' && workers.length === 2, 5_000, 'first restart');
    expect(states).toContain('restarting');
    expect(engine.status().restarts).toBe(1);

    latest().exit(1, null);
    await waitFor(() => engine.status().state === 'ready' && workers.length === 3, 5_000, 'second restart');
    latest().exit(1, null); // third crash within the window: more than maxCrashesPerWindow (2)
    await waitFor(() => engine.status().state === 'crashed', 5_000, 'give up');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers).toHaveLength(3);

    await engine.load(model, testLoadOptions(), () => undefined); // a caller brings it back
    expect(workers).toHaveLength(4);
    expect(engine.status().state).toBe('ready');
    await engine.dispose();
  });

  it('switches backend by restarting the worker and reporting the lost models', async () => {
    const { engine, workers } = fakeEngine();
    const lost: string[][] = [];
    engine.onModelsLost((ids) => lost.push(ids));
    expect(engine.status().engine).toBeNull(); // nothing loaded llama.cpp yet
    await engine.load(model, testLoadOptions(), () => undefined);
    expect(engine.status().engine).toMatchObject({ backend: 'cpu', variant: 'stock' });
    const running = engine.generate(chatRequest('m'), {}).catch((error: unknown) => error);
    await engine.setBackend('vulkan');
    expect(await running).toMatchObject({ code: 'aborted' });
    expect(lost).toEqual([['m']]);
    expect(workers).toHaveLength(2);
    expect(workers[1]?.received[0]).toMatchObject({ type: 'init', backend: 'vulkan' });
    expect(engine.status()).toMatchObject({ state: 'ready', backend: 'vulkan', restarts: 0 });
    expect(engine.status().engine).toMatchObject({ backend: 'vulkan' });
    await engine.dispose();
  });

  it('marks the worker crashed when llama.cpp cannot start, without a restart loop', async () => {
    const { engine, workers } = fakeEngine({ refuseInit: true });
    await expect(engine.load(model, testLoadOptions(), () => undefined)).rejects.toMatchObject({ code: 'unavailable' });
    expect(engine.status()).toMatchObject({ state: 'crashed', lastError: expect.stringContaining('no llama') });
    expect(workers).toHaveLength(1);
    await engine.dispose();
  });

  it('dispose asks the worker to shut down, kills it when it lingers, and refuses later calls', async () => {
    const { engine, latest } = fakeEngine({ lingerOnShutdown: true });
    await engine.load(model, testLoadOptions(), () => undefined);
    const running = engine.generate(chatRequest('m'), {}).catch((error: unknown) => error);
    await engine.dispose();
    expect(await running).toMatchObject({ code: 'unavailable' });
    expect(latest().received.map((m) => m.type)).toContain('shutdown');
    expect(latest().killed).toBe(true);
    expect(engine.status().state).toBe('stopped');
    await expect(engine.estimate(model, testLoadOptions())).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('answers an already-aborted generation without touching the worker', async () => {
    const { engine, workers } = fakeEngine();
    const result = await engine.generate(chatRequest('m'), {}, AbortSignal.abort());
    expect(result.finishReason).toBe('aborted');
    expect(workers).toHaveLength(0);
    await engine.dispose();
  });
});
