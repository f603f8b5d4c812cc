/** Starts (and kills) a second real Outpost as a child process for the nodes tests. */
import { fork, type ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../api/testing/apiHarness';
import { TSX_EXEC_ARGV } from '../../inference/testing/engineHarness';
import { makeTempDir } from '../../testing/testPorts';

const MAIN = fileURLToPath(new URL('./outpostNodeMain.ts', import.meta.url));
const READY = 'OUTPOST_NODE_READY ';
const Ready = z.object({ baseUrl: z.string(), key: z.string() });

export interface OutpostNode {
  baseUrl: string;
  key: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** SIGKILL, like a machine losing power; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Graceful stop. */
  stop(): Promise<void>;
}

export async function startOutpostNode(options: { dataDir?: string; port?: number } = {}): Promise<OutpostNode> {
  const dataDir = options.dataDir ?? makeTempDir('outpost-node-');
  const port = options.port ?? (await freePort());
  const child = fork(MAIN, [dataDir, String(port)], {
    execArgv: TSX_EXEC_ARGV,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const ready = await new Promise<{ baseUrl: string; key: string }>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith(READY));
      if (line) resolve(Ready.parse(JSON.parse(line.slice(READY.length))));
    });
    child.once('exit', (code) => reject(new Error(`Outpost node exited early (${code}): ${stderr}`)));
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...ready,
    port,
    dataDir,
    child,
    async kill() {
      child.kill('SIGKILL');
      await gone;
    },
    async stop() {
      child.kill('SIGTERM');
      await gone;
    },
  };
}
