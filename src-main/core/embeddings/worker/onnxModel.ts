/**
 * A sentence-embedding ONNX model in ONNX Runtime: signature check, provider fallback, batched
 * tokenize → run → mean pool → L2 normalise.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type { OnnxProvider } from '../executionProviders';
import type { EmbeddingModelSpec, ExecutionProviderPreference } from '../protocol';
import { l2Normalize, meanPool } from './pooling';
import { BatchTokenizer } from './wordpiece';
import type { LoadedModel, WorkerLog } from './loadedModel';
import { openOnnxSession } from './onnxSession';

export { availableOnnxProviders } from './onnxProviders';

type OnnxSpec = Extract<EmbeddingModelSpec, { kind: 'onnx' }>;

const BATCH_SIZE = 16;
const ALLOWED_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

export class OnnxModel implements LoadedModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: BatchTokenizer,
    readonly dimensions: number,
    readonly provider: OnnxProvider,
    readonly fallbackReason: string | null,
    private readonly wantsTokenTypes: boolean,
  ) {}

  static async load(spec: OnnxSpec, preference: ExecutionProviderPreference, log: WorkerLog): Promise<OnnxModel> {
    if (!existsSync(spec.modelPath)) {
      throw new OutpostError('not_found', `Embedding model ${spec.name}: ${path.basename(spec.modelPath)} is missing`, {
        model: spec.name,
      });
    }
    const tokenizer = BatchTokenizer.open(spec.tokenizerPath, spec.maxLength, spec.name);
    const { session, provider, fallbackReason } = await openOnnxSession(spec.modelPath, spec.name, preference, log);
    try {
      const dimensions = checkSignature(session, spec.name);
      const model = new OnnxModel(
        session,
        tokenizer,
        dimensions ?? 0,
        provider,
        fallbackReason,
        session.inputNames.includes('token_type_ids'),
      );
      return dimensions === null ? await model.probeDimensions() : model;
    } catch (error) {
      await session.release().catch(() => undefined);
      throw error;
    }
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    // Similar lengths share a batch so padding stays small; results go back in the caller's order.
    const order = texts.map((text, index) => ({ text, index })).sort((a, b) => a.text.length - b.text.length);
    const out = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += BATCH_SIZE) {
      const slice = order.slice(start, start + BATCH_SIZE);
      const vectors = await this.runBatch(slice.map((s) => s.text));
      slice.forEach((s, i) => (out[s.index] = vectors[i]!));
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }

  private async runBatch(texts: string[]): Promise<Float32Array[]> {
    const t = this.tokenizer.encode(texts);
    const dims = [t.batch, t.sequence];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', t.inputIds, dims),
      attention_mask: new ort.Tensor('int64', t.attentionMask, dims),
    };
    if (this.wantsTokenTypes) feeds.token_type_ids = new ort.Tensor('int64', t.tokenTypeIds, dims);
    const results = await this.session.run(feeds);
    const hidden = results.last_hidden_state ?? results[this.session.outputNames[0]!];
    if (!hidden || hidden.type !== 'float32' || hidden.dims.length !== 3) {
      throw new OutpostError('invalid_model', 'The embedding model returned an unexpected output', {
        dims: hidden?.dims,
        type: hidden?.type,
      });
    }
    const dim = Number(hidden.dims[2]);
    const pooled = meanPool(hidden.data as Float32Array, t.attentionMask, t.batch, t.sequence, dim);
    return pooled.map(l2Normalize);
  }

  private async probeDimensions(): Promise<OnnxModel> {
    const [vector] = await this.runBatch(['probe']);
    (this as { dimensions: number }).dimensions = vector!.length;
    return this;
  }
}

/** Returns the embedding width when the model declares it, null when it is symbolic (found by a probe run). */
function checkSignature(session: ort.InferenceSession, name: string): number | null {
  const inputs = session.inputNames;
  const outputs = session.outputNames;
  const hiddenIndex = outputs.indexOf('last_hidden_state') >= 0 ? outputs.indexOf('last_hidden_state') : 0;
  const meta = session.outputMetadata[hiddenIndex];
  const shape = meta && meta.isTensor ? meta.shape : [];
  const ok =
    inputs.includes('input_ids') &&
    inputs.includes('attention_mask') &&
    inputs.every((i) => ALLOWED_INPUTS.has(i)) &&
    outputs.includes('last_hidden_state') &&
    shape.length === 3;
  if (!ok) {
    throw new OutpostError(
      'invalid_model',
      `${name} does not have a sentence-embedding signature: expected inputs input_ids, attention_mask ` +
        `[, token_type_ids] and output last_hidden_state [batch, sequence, dim]; found inputs ` +
        `(${inputs.join(', ')}) and outputs (${outputs.join(', ')})`,
      { model: name, inputs, outputs },
    );
  }
  const last = shape[2];
  return typeof last === 'number' && last > 0 ? last : null;
}
