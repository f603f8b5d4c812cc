/**
 * llama.cpp's own `llama-server` as a node, when one was built (`npm run build-engine -- --llama-server`) or given
 * with LLAMA_SERVER_PATH: found, started on a free loopback port with a generated model and a key, and killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTestModel } from '../../../../scripts/test-model/make-test-model';
import { freePort } from '../../api/testing/apiHarness';
import { makeTempDir } from '../../testing/testPorts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ENGINE_CACHE = path.join(ROOT, '.cache', 'engine');

/** The binary to use, or null with the reason the suite skips. */
export function findLlamaServer(env: NodeJS.ProcessEnv = process.env): { path: string } | { path: null; why: string } {
  const given = env.LLAMA_SERVER_PATH;
  if (given) {
    return fs.existsSync(given) ? { path: given } : { path: null, why: `LLAMA_SERVER_PATH=${given} does not exist` };
  }
  const builds = fs.existsSync(ENGINE_CACHE)
    ? fs.readdirSync(ENGINE_CACHE).filter((name) => name.startsWith('build-'))
    : [];
  for (const build of builds) {
    const bin = path.join(
      ENGINE_CACHE,
      build,
      'bin',
      process.platform === 'win32' ? 'llama-server.exe' : 'llama-server',
    );
    if (fs.existsSync(bin)) return { path: bin };
  }
  return {
    path: null,
    why: 'no llama-server binary: run `npm run build-engine -- --llama-server` or set LLAMA_SERVER_PATH',
  };
}

export interface LlamaServerNode {
  baseUrl: string;
  key: string;
  /** The id its `/v1/models` lists (the alias it was started with). */
  modelId: string;
  kill(): Promise<void>;
}

export async function startLlamaServer(binary: string, signal?: AbortSignal): Promise<LlamaServerNode> {
  const dir = makeTempDir('outpost-llama-server-');
  const model = path.join(dir, 'tiny-1.gguf');
  await writeTestModel(model, { shape: 'tiny', seed: 1 });
  const port = await freePort();
  const key = 'op-llama-server-test-key-0123';
  const modelId = 'tiny-1';
  const args = ['-m', model, '--alias', modelId, '--host', '127.0.0.1', '--port', String(port)];
  args.push('--api-key', key, '-c', '1024', '-t', '1', '--jinja');
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  // Ready when /health answers 200 (503 while the model loads); the process ending first is a failure.
  for (;;) {
    if (signal?.aborted) throw new Error('aborted while llama-server started');
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`llama-server exited early: ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    key,
    modelId,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await gone;
    },
  };
}
