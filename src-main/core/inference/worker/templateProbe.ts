/**
 * A model's Jinja chat template is code from the file: rendered in the worker's own thread, a long loop
 * blocks cancel and unload and can grow memory until V8 aborts. Before node-llama-cpp renders it, it is
 * rendered once in a separate thread with a time, memory and output bound; a template that fails is not used.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const TEMPLATE_LIMITS = { timeMs: 1_500, heapMb: 128, outputChars: 256 * 1024 } as const;

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** A representative conversation: system, user, assistant with a tool call, tool result, next user turn. */
const SAMPLE = {
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'What is the weather in Paris?' },
    { role: 'assistant', content: 'Let me check.' },
    { role: 'tool', content: '{"temperature": 21}' },
    { role: 'user', content: 'Thanks! And tomorrow?' },
  ],
  add_generation_prompt: true,
  bos_token: '<s>',
  eos_token: '</s>',
  tools: [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object' } } }],
};

// Runs in the probe thread; CommonJS because eval'd workers are. Posts the rendered length or the error.
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const { Template } = require(workerData.jinjaPath);
  const output = new Template(workerData.template).render(workerData.sample);
  parentPort.postMessage({ ok: true, length: String(output).length });
} catch (error) {
  parentPort.postMessage({ ok: false, reason: String((error && error.message) || error).slice(0, 300) });
}`;

function jinjaPath(): string | null {
  try {
    // node-llama-cpp renders templates with @huggingface/jinja; resolve the copy it uses (its CommonJS build).
    return createRequire(import.meta.resolve('node-llama-cpp')).resolve('@huggingface/jinja');
  } catch {
    return null;
  }
}

/** Renders `template` once in a bounded thread. Null when the probe itself cannot run here. */
export async function probeChatTemplate(template: string, limits = TEMPLATE_LIMITS): Promise<ProbeResult | null> {
  const modulePath = jinjaPath();
  if (modulePath === null) return null;
  const worker = new Worker(PROBE_SOURCE, {
    eval: true,
    workerData: { template, sample: SAMPLE, jinjaPath: modulePath },
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16 },
    stdout: true,
    stderr: true,
  });
  try {
    return await new Promise<ProbeResult>((resolve) => {
      const timer = setTimeout(
        () => resolve({ ok: false, reason: `rendering took longer than ${limits.timeMs / 1000} s` }),
        limits.timeMs,
      );
      worker.once('message', (message: { ok: boolean; length?: number; reason?: string }) => {
        clearTimeout(timer);
        if (!message.ok) resolve({ ok: false, reason: `rendering failed: ${message.reason ?? 'unknown error'}` });
        else if ((message.length ?? 0) > limits.outputChars)
          resolve({ ok: false, reason: `it rendered ${message.length} characters for a 5-message conversation` });
        else resolve({ ok: true });
      });
      worker.once('error', (error: Error) => {
        clearTimeout(timer);
        const memory = /heap|memory|ERR_WORKER_OUT_OF_MEMORY/i.test(
          `${error.message} ${(error as { code?: string }).code}`,
        );
        resolve({ ok: false, reason: memory ? `rendering used more than ${limits.heapMb} MB` : error.message });
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve({ ok: false, reason: 'the rendering thread stopped' });
      });
    });
  } finally {
    await worker.terminate();
  }
}
