/**
 * A cross-encoder (reranker) ONNX model: reads a query and a passage together and returns one relevance logit,
 * which orders passages better than comparing separate embeddings. Same provider selection as embedding models.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type { OnnxProvider } from '../executionProviders';
import type { ExecutionProviderPreference, RerankerSpec } from '../protocol';
import type { WorkerLog } from './loadedModel';
import { openOnnxSession } from './onnxSession';
import { BatchTokenizer } from './wordpiece';

const BATCH_SIZE = 16;
const ALLOWED_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

export class CrossEncoder {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: BatchTokenizer,
    readonly provider: OnnxProvider,
    private readonly output: string,
  ) {}

  static async load(
    spec: RerankerSpec,
    preference: ExecutionProviderPreference,
    log: WorkerLog,
  ): Promise<CrossEncoder> {
    if (!existsSync(spec.modelPath)) {
      throw new OutpostError('not_found', `Reranker ${spec.name}: ${path.basename(spec.modelPath)} is missing`, {
        model: spec.name,
      });
    }
    const tokenizer = BatchTokenizer.open(spec.tokenizerPath, spec.maxLength, spec.name);
    const { session, provider, fallbackReason } = await openOnnxSession(spec.modelPath, spec.name, preference, log);
    if (fallbackReason) log('warn', `reranker ${spec.name}: ${fallbackReason}`);
    const inputs = session.inputNames;
    const output = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0];
    if (!inputs.includes('input_ids') || !inputs.every((i) => ALLOWED_INPUTS.has(i)) || !output) {
      await session.release().catch(() => undefined);
      throw new OutpostError(
        'invalid_model',
        `${spec.name} does not have a cross-encoder signature: expected inputs input_ids, attention_mask ` +
          `[, token_type_ids] and output logits [batch, 1]; found inputs (${inputs.join(', ')})`,
        { model: spec.name, inputs, outputs: session.outputNames },
      );
    }
    return new CrossEncoder(session, tokenizer, provider, output);
  }

  /** One score per passage, in order. */
  async score(query: string, texts: readonly string[]): Promise<number[]> {
    const scores: number[] = [];
    for (let start = 0; start < texts.length; start += BATCH_SIZE) {
      scores.push(...(await this.runBatch(query, texts.slice(start, start + BATCH_SIZE))));
    }
    return scores;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }

  private async runBatch(query: string, texts: readonly string[]): Promise<number[]> {
    const t = this.tokenizer.encodePairs(query, texts);
    const dims = [t.batch, t.sequence];
    const all: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', t.inputIds, dims),
      attention_mask: new ort.Tensor('int64', t.attentionMask, dims),
      token_type_ids: new ort.Tensor('int64', t.tokenTypeIds, dims),
    };
    const feeds = Object.fromEntries(this.session.inputNames.map((name) => [name, all[name]!]));
    const logits = (await this.session.run(feeds))[this.output];
    const labels = logits && logits.dims.length === 2 ? Number(logits.dims[1]) : 0;
    if (!logits || logits.type !== 'float32' || Number(logits.dims[0]) !== t.batch || labels < 1 || labels > 2) {
      throw new OutpostError('invalid_model', 'The reranker returned an unexpected output', {
        dims: logits?.dims,
        type: logits?.type,
      });
    }
    const data = logits.data as Float32Array;
    // One label: the relevance logit. Two (not relevant, relevant): their difference orders the same way.
    return Array.from({ length: t.batch }, (_, row) =>
      labels === 1 ? data[row]! : data[row * 2 + 1]! - data[row * 2]!,
    );
  }
}
