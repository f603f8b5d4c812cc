/** The worker's message boundary, driven with raw messages: bad input gets a typed answer, never a crash. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SpawnedProcess } from '../../ports';
import { forkSpawner } from '../../process/forkSpawner';
import { WorkerReply } from '../../process/workerWire';
import { TSX_EXEC_ARGV, WORKER_SOURCE } from '../testing/engineHarness';

let worker: SpawnedProcess;
const received: WorkerReply[] = [];
let exit: Promise<number | null>;

beforeAll(() => {
  worker = forkSpawner.spawn(WORKER_SOURCE, { name: 'inference-protocol-test', execArgv: TSX_EXEC_ARGV });
  worker.onMessage((message) => received.push(WorkerReply.parse(message)));
  exit = new Promise((resolve) => worker.onExit((code) => resolve(code)));
});

afterAll(() => worker?.kill());

async function answerTo(callId: string | null, send: () => void): Promise<WorkerReply> {
  const start = received.length;
  send();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = received
      .slice(start)
      .find((message) => (message.type === 'result' || message.type === 'error') && message.callId === callId);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no answer to ${callId}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const errorCode = (message: WorkerReply) => (message.type === 'error' ? message.error.code : null);

describe('inference worker protocol', () => {
  it('answers malformed messages with bad_request and keeps running', async () => {
    const unknownType = await answerTo('m1', () => worker.postMessage({ type: 'explode', callId: 'm1' }));
    expect(errorCode(unknownType)).toBe('bad_request');

    const badFields = await answerTo('m2', () =>
      worker.postMessage({ type: 'load', callId: 'm2', model: { id: '', path: 42 }, options: {} }),
    );
    expect(errorCode(badFields)).toBe('bad_request');

    const noCallId = await answerTo(null, () => worker.postMessage('not even an object'));
    expect(errorCode(noCallId)).toBe('bad_request');
    expect(received.some((message) => message.type === 'log' && message.level === 'warn')).toBe(true);

    const cancel = await answerTo('m3', () => worker.postMessage({ type: 'cancel', callId: 'm3', requestId: 'none' }));
    expect(cancel).toMatchObject({ type: 'result', ok: true, value: { cancelled: false } });
  });

  it('refuses work before init, then starts llama.cpp and validates requests', async () => {
    const early = await answerTo('e1', () => worker.postMessage({ type: 'unload', callId: 'e1', modelId: 'whatever' }));
    expect(errorCode(early)).toBe('unavailable');

    const ready = await answerTo('i1', () => worker.postMessage({ type: 'init', callId: 'i1', backend: 'cpu' }));
    expect(ready).toMatchObject({ type: 'result', value: { backend: 'cpu', gpu: null, fallbackReason: null } });
    // The engine is read from the loaded llama: this checkout has no local build, so it is the stock prebuilt.
    const nlcVersion = z
      .object({ version: z.string() })
      .parse(JSON.parse(fs.readFileSync(path.join('node_modules', 'node-llama-cpp', 'package.json'), 'utf8'))).version;
    const localBuilds = path.join('node_modules', 'node-llama-cpp', 'llama', 'localBuilds');
    expect(ready).toMatchObject({
      value: {
        engine: {
          nodeLlamaCpp: nlcVersion,
          backend: 'cpu',
          variant: fs.existsSync(localBuilds) && fs.readdirSync(localBuilds).length > 0 ? 'patched' : 'stock',
        },
      },
    });

    const emptyChat = await answerTo('g1', () =>
      worker.postMessage({ type: 'generate', callId: 'g1', request: { requestId: 'r', modelId: 'm', messages: [] } }),
    );
    expect(errorCode(emptyChat)).toBe('bad_request');

    const notLoaded = await answerTo('g2', () =>
      worker.postMessage({
        type: 'generate',
        callId: 'g2',
        request: { requestId: 'r', modelId: 'm', messages: [{ role: 'user', content: 'hi' }] },
      }),
    );
    expect(errorCode(notLoaded)).toBe('not_loaded');

    const done = await answerTo('s1', () => worker.postMessage({ type: 'shutdown', callId: 's1' }));
    expect(done).toMatchObject({ ok: true });
    expect(await exit).toBe(0);
  });
});
