/**
 * SIGKILL a worker while 200 calls are in flight, 20 times over. The host process must never exit, and every
 * call must end with a result or one of the contract's typed errors (issue 14 / 15: forkSpawner's EPIPE once
 * ended the headless host 4 times in 6). Inference runs against the real built headless host over its
 * WebSocket; embeddings against the built embeddings worker, hosted by this process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { placeTestModel } from '../../e2e/fixtures/testModels';
import { EmbeddingsClient } from '../../src-main/core/embeddings/embeddingsClient';
import { createForkSpawner } from '../../src-main/core/process/forkSpawner';
import { killDuringBurst } from '../../src-main/core/process/testing/burst';
import { createMemoryLogger } from '../../src-main/core/testing/testPorts';
import { makeTestOnnx } from '../lib/onnx/makeTestOnnx';
import { connect, hostEntry, isTypedFailure, makeDataDir, startHost, type Reply } from './lib/faultHost';

const ROUNDS = Number(process.env.OUTPOST_FAULT_WORKER_KILLS ?? 20);
const BURST = 200;

/** The host's child whose command line runs `script` (Linux /proc), polled until it is there. */
async function childRunning(hostPid: number, script: string, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const children = fs.readFileSync(`/proc/${hostPid}/task/${hostPid}/children`, 'utf8').trim().split(/\s+/);
    for (const pid of children.filter(Boolean).map(Number)) {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(script)) return pid;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${script} child of ${hostPid}`);
}

it(`keeps the headless host alive through ${ROUNDS} SIGKILLs of the inference worker during ${BURST} estimates`, async () => {
  const dataDir = makeDataDir();
  await placeTestModel(path.join(dataDir, 'models'), 'tiny.gguf');
  const host = await startHost(dataDir);
  const client = await connect(host);
  const models = (await client.request('models.list', {})) as Reply & { value: { id: string }[] };
  const id = models.ok ? models.value[0]!.id : '';
  expect(id).not.toBe('');
  const estimate = () => client.request('models.estimate', { id, options: { contextSize: 512 } });
  let crashed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const warm = await estimate(); // a worker to kill; after a give-up this call brings it back
    expect(warm.ok || isTypedFailure(warm)).toBe(true);
    const pid = await childRunning(host.child.pid!, 'inferenceWorker.js');
    const replies: Promise<Reply>[] = [];
    for (let i = 0; i < BURST; i++) replies.push(estimate());
    await Promise.race([replies[0], new Promise((resolve) => setTimeout(resolve, 50))]);
    process.kill(pid, 'SIGKILL');
    const settled = await Promise.all(replies);
    const untyped = settled.filter((reply) => !reply.ok && !isTypedFailure(reply));
    expect(untyped, `round ${round}: untyped failures`).toEqual([]);
    crashed += settled.filter((reply) => !reply.ok && reply.error.code === 'worker_crashed').length;
    expect(host.child.exitCode, `round ${round}: host exited\n${host.logs()}`).toBeNull();
    expect(host.child.signalCode).toBeNull();
  }
  // The kills landed while calls were in flight, and the host still serves a good model afterwards.
  expect(crashed).toBeGreaterThan(0);
  const after = await estimate();
  expect(after.ok, JSON.stringify(after)).toBe(true);
  console.log(
    `inference worker kill: ${ROUNDS} rounds × ${BURST} estimates, ${crashed} ended worker_crashed, host alive`,
  );
  client.close();
  await host.stop();
});

it(`ends every embedding call typed through ${ROUNDS} SIGKILLs of the embeddings worker during ${BURST} calls`, async () => {
  const worker = path.join(path.dirname(hostEntry()), 'embeddingsWorker.js');
  const model = makeTestOnnx({ dir: path.join(makeDataDir(), 'embedder') });
  const spec = {
    kind: 'onnx' as const,
    key: 'onnx:fault',
    name: 'fault-embedder',
    modelPath: model.modelPath,
    tokenizerPath: model.tokenizerPath,
    maxLength: 64,
  };
  const logger = createMemoryLogger();
  const client = new EmbeddingsClient({ spawner: createForkSpawner(logger), worker: { modulePath: worker }, logger });
  let crashed = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      await client.embed(spec, ['warm up']);
      const outcome = await killDuringBurst(client.status().pid!, (i) => client.embed(spec, [`text ${i}`]), {
        before: BURST * 0.75,
        after: BURST * 0.25,
      });
      expect(outcome.untyped, `round ${round}`).toEqual([]);
      crashed += outcome.typed.worker_crashed ?? 0;
    }
    expect(crashed).toBeGreaterThanOrEqual(ROUNDS);
    expect(await client.embed(spec, ['after the kills'])).toHaveLength(1);
  } finally {
    await client.dispose();
  }
  console.log(`embeddings worker kill: ${ROUNDS} rounds × ${BURST} calls, ${crashed} ended worker_crashed`);
});
