import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getLlama, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyModelPath } from '../testing/engineHarness';
import {
  calibrationKey,
  chooseThreads,
  measureThreads,
  pickThreads,
  readThreadCache,
  threadCandidates,
  writeThreadCache,
} from './threadCalibration';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-threads-'));
let llama: Llama;
let model: LlamaModel;
let modelPath: string;

beforeAll(async () => {
  modelPath = await tinyModelPath();
  llama = await getLlama({ gpu: false, build: 'never', skipDownload: true });
  model = await llama.loadModel({ modelPath });
});

afterAll(async () => {
  await model?.dispose();
  await llama?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('thread candidates and choice', () => {
  it('tries every count on small machines and a spread on large ones', () => {
    expect(threadCandidates(1)).toEqual([1]);
    expect(threadCandidates(2)).toEqual([1, 2]);
    expect(threadCandidates(4)).toEqual([1, 2, 3, 4]);
    expect(threadCandidates(16)).toEqual([1, 4, 8, 16]);
    expect(threadCandidates(0)).toEqual([1]);
  });

  it('picks the clearly fastest count and gives near-ties to fewer threads', () => {
    expect(
      pickThreads(
        new Map([
          [1, 300],
          [2, 200],
        ]),
      ),
    ).toBe(2);
    expect(
      pickThreads(
        new Map([
          [1, 200],
          [2, 300],
        ]),
      ),
    ).toBe(1);
    expect(
      pickThreads(
        new Map([
          [2, 199],
          [1, 200],
        ]),
      ),
    ).toBe(1);
    expect(() => pickThreads(new Map())).toThrow(/no thread candidates/);
  });
});

describe('calibration cache', () => {
  it('round-trips entries and keeps the others', () => {
    const file = path.join(dir, 'roundtrip', 'cache.json');
    writeThreadCache('a', 2, file);
    writeThreadCache('b', 1, file);
    expect(readThreadCache(file)).toEqual({ a: 2, b: 1 });
  });

  it('treats a missing, corrupt or ill-typed file as empty', () => {
    expect(readThreadCache(path.join(dir, 'missing.json'))).toEqual({});
    const corrupt = path.join(dir, 'corrupt.json');
    fs.writeFileSync(corrupt, '{"a": 2,');
    expect(readThreadCache(corrupt)).toEqual({});
    const mixed = path.join(dir, 'mixed.json');
    fs.writeFileSync(mixed, JSON.stringify({ good: 3, zero: 0, text: 'x', frac: 1.5 }));
    expect(readThreadCache(mixed)).toEqual({ good: 3 });
  });

  it('keys on the model file, the machine and the binary', () => {
    const copy = path.join(dir, 'copy.gguf');
    fs.copyFileSync(modelPath, copy);
    const stock = calibrationKey(copy, { buildType: 'prebuilt', cpuMathCores: 2 });
    expect(calibrationKey(copy, { buildType: 'localBuild', cpuMathCores: 2 })).not.toBe(stock);
    expect(calibrationKey(copy, { buildType: 'prebuilt', cpuMathCores: 4 })).not.toBe(stock);
    fs.appendFileSync(copy, Buffer.alloc(16));
    expect(calibrationKey(copy, { buildType: 'prebuilt', cpuMathCores: 2 })).not.toBe(stock);
  });
});

describe('measuring on a real model', () => {
  // One candidate: two-thread contexts crawl when the test machine is oversubscribed; pickThreads covers choosing.
  it('decodes on its own context and returns the measured candidate', async () => {
    expect(await measureThreads(model, [1], new AbortController().signal, Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('gives up (null) rather than hold a load up past its time budget', async () => {
    expect(await measureThreads(model, [1], new AbortController().signal, 0)).toBeNull();
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(measureThreads(model, [1, 2], controller.signal)).rejects.toThrow();
  });

  it('answers from the cache for a known model, machine and binary', async () => {
    const machine = { buildType: 'prebuilt', cpuMathCores: 2 } as Llama;
    const key = calibrationKey(modelPath, machine);
    // THREAD_CACHE_FILE is the default location; write the entry there exactly as a calibration would.
    writeThreadCache(key, 2);
    expect(await chooseThreads(machine, model, modelPath, new AbortController().signal)).toBe(2);
    writeThreadCache(key, 1);
    expect(await chooseThreads(machine, model, modelPath, new AbortController().signal)).toBe(1);
  });
});
