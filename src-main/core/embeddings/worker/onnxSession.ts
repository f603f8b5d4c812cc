/**
 * Opens an ONNX Runtime session on the first execution provider that works, in the one order every ONNX model
 * here uses (executionProviders.ts: the user's choice, then the platform's accelerator, the CPU last).
 */
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import { type OnnxProvider, providerOrder } from '../executionProviders';
import type { ExecutionProviderPreference } from '../protocol';
import { describeError, type WorkerLog } from './loadedModel';
import { availableOnnxProviders } from './onnxProviders';

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: OnnxProvider;
  /** Why the preferred provider was not used, when it wasn't. */
  fallbackReason: string | null;
}

export async function openOnnxSession(
  modelPath: string,
  modelName: string,
  preference: ExecutionProviderPreference,
  log: WorkerLog,
): Promise<OpenedSession> {
  const order = providerOrder(preference, { platform: process.platform, available: availableOnnxProviders() });
  const failures: string[] = [];
  for (const provider of order) {
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: Math.max(1, Math.floor(os.availableParallelism() / 2)),
      });
      const fallbackReason = failures.length > 0 ? `${failures.join('; ')} → using ${provider}` : null;
      return { session, provider, fallbackReason };
    } catch (error) {
      failures.push(`${provider}: ${describeError(error)}`);
      if (provider !== 'cpu') log('warn', `ONNX provider ${provider} failed for ${modelName}; trying the next one`);
    }
  }
  const reason = failures.at(-1) ?? 'no execution provider';
  throw new OutpostError('invalid_model', `Model ${modelName} failed to load in ONNX Runtime: ${reason}`, {
    model: modelName,
    failures,
  });
}
