import { describe, expect, it } from 'vitest';
import { installedModel, workerStatus } from '../../testing/modelFixtures';
import {
  baseName,
  causeTitle,
  engineSummary,
  failureTitle,
  gpuSummary,
  modelFacts,
  removalQuestion,
  removalSummary,
  workerSummary,
} from './modelText';

describe('modelFacts', () => {
  it('lists what the header says', () => {
    expect(modelFacts(installedModel())).toEqual(['qwen2', 'Q8_0', '494M params', '32,768 ctx']);
    expect(modelFacts(installedModel({ metadata: null }))).toEqual([]);
  });
});

describe('removal texts', () => {
  it('says a copied or scanned file is deleted, a linked one only forgotten', () => {
    expect(removalQuestion(installedModel({ source: 'copied', sizeBytes: 129_920 }))).toMatch(
      /will be deleted from disk \(127 KiB\)/,
    );
    const linked = installedModel({ source: 'linked', path: '/home/me/m.gguf' });
    expect(removalQuestion(linked)).toMatch(/stays where it is: \/home\/me\/m\.gguf/);
  });

  it('reports the freed space', () => {
    const base = { modelId: 'm', fileName: 'm.gguf' } as const;
    expect(removalSummary({ ...base, source: 'scanned', freedBytes: 129_920 })).toBe(
      'Deleted m.gguf and freed 127 KiB.',
    );
    expect(removalSummary({ ...base, source: 'linked', freedBytes: 0 })).toMatch(/left in place/);
    expect(removalSummary({ ...base, source: 'copied', freedBytes: 0 })).toMatch(/already gone/);
  });
});

describe('workerSummary', () => {
  it('describes each state', () => {
    expect(workerSummary(workerStatus())).toEqual({
      tone: 'ok',
      title: 'Inference worker ready',
      detail: 'CPU backend',
    });
    expect(workerSummary(workerStatus({ state: 'restarting', restarts: 2, lastError: 'segfault' }))).toMatchObject({
      tone: 'busy',
      title: 'Inference worker restarting…',
      detail: 'it stopped: segfault · restarted 2×',
    });
    expect(workerSummary(workerStatus({ state: 'stopped', backend: null })).tone).toBe('idle');
    expect(workerSummary(null).title).toMatch(/checking/);
  });

  it('names GPUs with their VRAM', () => {
    expect(gpuSummary(workerStatus())).toBeNull();
    const gpu = { names: ['RTX 4060'], vramTotalBytes: 8 * 1024 ** 3, vramFreeBytes: 6 * 1024 ** 3 };
    expect(gpuSummary(workerStatus({ backend: 'cuda', gpu }))).toBe('RTX 4060 · 6.00 GiB free of 8.00 GiB VRAM');
  });
});

describe('failure titles', () => {
  it('names the cause when the code says one, else the action', () => {
    expect(causeTitle({ code: 'invalid_model', message: 'x', file: '/tmp/a/notes.gguf' })).toBe(
      'Not a usable GGUF file: notes.gguf',
    );
    const memory = { code: 'insufficient_memory', message: 'x', file: null } as const;
    expect(failureTitle({ action: 'load', error: memory })).toBe('Not enough memory');
    const internal = { code: 'internal', message: 'x', file: null } as const;
    expect(failureTitle({ action: 'load', error: internal })).toBe('Could not load the model');
    expect(failureTitle({ action: 'remove', error: internal })).toBe('Could not remove the model');
    expect(baseName('C:\\models\\a.gguf')).toBe('a.gguf');
  });
});

describe('engineSummary', () => {
  const patched = workerStatus().engine!;
  it('names the build, backend, versions and patches', () => {
    expect(engineSummary(patched)).toEqual({
      title: "Outpost's patched build · CPU",
      detail: 'node-llama-cpp 3.22.1 · llama.cpp b6000 · tuned to the machine it was built on · patches: threadpool',
    });
    expect(engineSummary({ ...patched, portable: true, backend: 'vulkan' }).title).toBe(
      "Outpost's patched build · Vulkan",
    );
    expect(engineSummary({ ...patched, portable: true }).detail).toMatch(/portable \(every CPU variant\)/);
  });
  it('says plainly when the stock or an unpatched local binary runs, and before the engine started', () => {
    const stock = engineSummary({ ...patched, variant: 'stock', patches: [], portable: null });
    expect(stock).toEqual({
      title: 'Stock node-llama-cpp prebuilt · CPU',
      detail: 'node-llama-cpp 3.22.1 · llama.cpp b6000',
    });
    expect(engineSummary({ ...patched, variant: 'local', patches: [] }).title).toMatch(/not patched by Outpost/);
    expect(engineSummary(null).title).toBe('Not started yet');
  });
});
