/**
 * Embeddings worker entry (built to out/main/embeddingsWorker.js). Owns every ONNX Runtime session and
 * llama.cpp embedding context; loaded models are cached by key until the host unloads them or goes idle.
 * Imports are relative: tsx does not resolve the @contract alias in a forked worker.
 */
import { OutpostError } from '../../../../src-preload/contract/envelope';
import { connectToParent } from '../../inference/worker/channel';
import {
  type EmbeddingModelSpec,
  type ExecutionProviderPreference,
  HostMessage,
  salvageCallId,
  type WorkerMessage,
} from '../protocol';
import { LlamaEmbeddingModel } from './llamaModel';
import { availableOnnxProviders, OnnxModel } from './onnxModel';
import { describeError, type LoadedModel, toErrorInfo, type WorkerLog } from './workerErrors';

const channel = connectToParent();
const send = (message: WorkerMessage) => channel.send(message);
const log: WorkerLog = (level, message) => send({ type: 'log', level, message });

let preference: ExecutionProviderPreference = 'auto';
const models = new Map<string, Promise<LoadedModel>>();
let shuttingDown = false;

function load(spec: EmbeddingModelSpec): Promise<LoadedModel> {
  let pending = models.get(spec.key);
  if (!pending) {
    pending = spec.kind === 'onnx' ? OnnxModel.load(spec, preference, log) : LlamaEmbeddingModel.load(spec, log);
    models.set(spec.key, pending);
    pending.catch(() => models.delete(spec.key)); // a failed load may be retried
  }
  return pending;
}

async function loaded(key: string): Promise<LoadedModel> {
  const model = models.get(key);
  if (!model) throw new OutpostError('not_loaded', `Embedding model ${key} is not loaded`);
  return model;
}

async function unload(key: string): Promise<boolean> {
  const model = models.get(key);
  models.delete(key);
  if (!model) return false;
  await (await model.catch(() => null))?.dispose();
  return true;
}

async function dispatch(message: HostMessage): Promise<unknown> {
  switch (message.type) {
    case 'init':
      preference = message.provider;
      return { pid: process.pid, availableProviders: availableOnnxProviders() };
    case 'load': {
      const model = await load(message.model);
      const { dimensions, provider, fallbackReason } = model;
      return { key: message.model.key, dimensions, provider, fallbackReason };
    }
    case 'embed':
      return { vectors: await (await loaded(message.modelKey)).embed(message.texts) };
    case 'unload':
      return { unloaded: await unload(message.modelKey) };
    case 'shutdown':
      await shutdown();
      return {};
  }
}

async function handle(raw: unknown): Promise<void> {
  const parsed = HostMessage.safeParse(raw);
  if (!parsed.success) {
    const error = new OutpostError('bad_request', 'Malformed message to the embeddings worker', parsed.error.issues);
    send({ type: 'error', callId: salvageCallId(raw), error: error.toInfo() });
    return;
  }
  const message = parsed.data;
  if (shuttingDown && message.type !== 'shutdown') {
    send({ type: 'error', callId: message.callId, error: { code: 'unavailable', message: 'Shutting down' } });
    return;
  }
  try {
    send({ type: 'result', callId: message.callId, ok: true, value: await dispatch(message) });
  } catch (error) {
    send({ type: 'error', callId: message.callId, error: toErrorInfo(error) });
  }
}

async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const key of [...models.keys()]) {
    await unload(key).catch((error: unknown) => log('warn', `dispose of ${key} failed: ${describeError(error)}`));
  }
  setTimeout(() => process.exit(0), 20);
}

channel.onMessage((message) => void handle(message));
channel.onDisconnect(() => void shutdown());
process.on('unhandledRejection', (reason) => log('error', `unhandled rejection: ${describeError(reason)}`));
process.on('uncaughtException', (error) => {
  log('error', `uncaught exception: ${describeError(error)}`);
  setTimeout(() => process.exit(70), 20);
});
