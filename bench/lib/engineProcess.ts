/** Parent side of engineChild.ts: one forked process per engine, strictly one request at a time. */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { EngineReply, EngineRequest } from './engineChild';

const CHILD = path.join(import.meta.dirname, 'engineChild.ts');

export interface EngineSpec {
  name: string;
  engine: 'stock' | 'local';
  threads: number;
  env?: Record<string, string>;
}

export class EngineProcess {
  private constructor(
    readonly spec: EngineSpec,
    private readonly child: ChildProcess,
    readonly buildType: string,
    readonly threads: number,
  ) {}

  static async start(spec: EngineSpec, modelPath: string): Promise<EngineProcess> {
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_MODEL: modelPath,
        BENCH_THREADS: String(spec.threads),
        BENCH_ENGINE: spec.engine,
        ...spec.env,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await nextReply(child);
    if (ready.type !== 'ready') {
      child.kill();
      throw new Error(`${spec.name}: ${ready.type === 'error' ? ready.message : 'unexpected reply'}`);
    }
    return new EngineProcess(spec, child, ready.buildType, ready.threads);
  }

  /** Tokens per second of one pp or tg run. */
  async measure(type: 'pp' | 'tg', tokens: number): Promise<number> {
    const reply = nextReply(this.child);
    this.child.send({ type, tokens } satisfies EngineRequest);
    const result = await reply;
    if (result.type !== 'result') throw new Error(`${this.spec.name}: ${JSON.stringify(result)}`);
    return result.tokens / (result.ms / 1000);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'exit' } satisfies EngineRequest);
    await exited;
  }
}

function nextReply(child: ChildProcess): Promise<EngineReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`engine process exited (${code}) before replying`));
    child.once('exit', onExit);
    child.once('message', (message: EngineReply) => {
      child.off('exit', onExit);
      resolve(message);
    });
  });
}
