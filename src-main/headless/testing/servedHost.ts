/**
 * Starts the headless host from source as its own process with `--serve …` (a node for other Outposts), for
 * tests and benches; `writeModel` puts a generated model in its data dir first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTestModel } from '../../../scripts/test-model/make-test-model';
import { TSX_EXEC_ARGV } from '../../core/inference/testing/engineHarness';
import { modelsDirFor } from '../../core/models/modelRegistry';
import { makeTempDir } from '../../core/testing/testPorts';

const MAIN = fileURLToPath(new URL('./sourceHostMain.ts', import.meta.url));
const SERVING = /Serving as a node at (\S+) /;
const NEW_KEY = /API key \(shown once, add it with the node\): (\S+)/;
const RUNNING = /is running at (\S+)/;

export interface ServedHost {
  /** The API's base URL as printed (`http://<listen>:<port>/v1`). */
  apiBaseUrl: string;
  /** The contract's loopback URL with its token. */
  hostUrl: string;
  /** The generated key, when the host made one. */
  printedKey: string | null;
  stdout: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface ServedHostOptions {
  dataDir?: string;
  /** Flags after `--serve` (e.g. --listen, --api-port, --allow). */
  serveArgs?: string[];
  env?: Record<string, string>;
  /** Writes a generated tiny model as `tiny-1` first (once per data dir is enough). */
  writeModel?: boolean;
}

export async function startServedHost(options: ServedHostOptions = {}): Promise<ServedHost> {
  const dataDir = options.dataDir ?? makeTempDir('outpost-served-');
  if (options.writeModel) {
    await writeTestModel(path.join(modelsDirFor(dataDir), 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
  }
  const args = [...TSX_EXEC_ARGV, MAIN, '--port', '0', '--data-dir', dataDir, '--serve', ...(options.serveArgs ?? [])];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.OUTPOST_API_KEY) delete env.OUTPOST_API_KEY;
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-6000)));
  let stdout = '';
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (RUNNING.test(stdout)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`served host exited early (${code}):\n${stdout}\n${stderr}`)));
  });
  const apiBaseUrl = SERVING.exec(stdout)?.[1];
  if (!apiBaseUrl) throw new Error(`served host did not say where it serves:\n${stdout}`);
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await gone;
  };
  return {
    apiBaseUrl,
    hostUrl: RUNNING.exec(stdout)?.[1] ?? '',
    printedKey: NEW_KEY.exec(stdout)?.[1] ?? null,
    stdout,
    dataDir,
    child,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

/** A host that fails to start: its exit code and what it wrote. */
export async function failedServedHost(serveArgs: string[], dataDir = makeTempDir('outpost-served-')) {
  const child = spawn(
    process.execPath,
    [...TSX_EXEC_ARGV, MAIN, '--port', '0', '--data-dir', dataDir, '--serve', ...serveArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, output };
}
