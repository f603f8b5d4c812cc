/** Tokenizes a batch with the model's own tokenizer.json (via @huggingface/tokenizers), truncated and padded. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { z } from 'zod';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import { describeError } from './loadedModel';

export interface TokenBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  batch: number;
  sequence: number;
}

export class BatchTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    private readonly padId: number,
    private readonly maxLength: number,
  ) {}

  static open(tokenizerPath: string, maxLength: number, modelName: string): BatchTokenizer {
    let json: Record<string, unknown>;
    try {
      json = JsonObject.parse(JSON.parse(readFileSync(tokenizerPath, 'utf8')));
    } catch (error) {
      const why = describeError(error);
      throw new OutpostError('invalid_model', `The tokenizer of ${modelName} could not be read: ${why}`, {
        model: modelName,
        file: path.basename(tokenizerPath),
      });
    }
    try {
      const tokenizer = new Tokenizer(json, readConfig(tokenizerPath));
      const padId = tokenizer.token_to_id('[PAD]') ?? tokenizer.token_to_id('<pad>') ?? 0;
      return new BatchTokenizer(tokenizer, padId, maxLength);
    } catch (error) {
      throw new OutpostError('invalid_model', `The tokenizer of ${modelName} is not usable: ${describeError(error)}`, {
        model: modelName,
      });
    }
  }

  encode(texts: readonly string[]): TokenBatch {
    return this.batch(texts.map((text) => this.tokenizer.encode(text, { return_token_type_ids: true })));
  }

  /** (query, passage) pairs for a cross-encoder: [CLS] query [SEP] passage [SEP], the passage cut when too long. */
  encodePairs(query: string, texts: readonly string[]): TokenBatch {
    return this.batch(
      texts.map((text) => this.tokenizer.encode(query, { text_pair: text, return_token_type_ids: true })),
    );
  }

  private batch(encodings: readonly { ids: number[]; token_type_ids?: number[] }[]): TokenBatch {
    const encoded = encodings.map((e) => ({
      ids: this.truncate(e.ids),
      types: this.truncate(e.token_type_ids ?? e.ids.map(() => 0)),
    }));
    const sequence = Math.max(1, ...encoded.map((e) => e.ids.length));
    const size = encodings.length * sequence;
    const batch: TokenBatch = {
      inputIds: new BigInt64Array(size).fill(BigInt(this.padId)),
      attentionMask: new BigInt64Array(size),
      tokenTypeIds: new BigInt64Array(size),
      batch: encodings.length,
      sequence,
    };
    encoded.forEach((e, row) => {
      e.ids.forEach((id, col) => {
        batch.inputIds[row * sequence + col] = BigInt(id);
        batch.attentionMask[row * sequence + col] = 1n;
        batch.tokenTypeIds[row * sequence + col] = BigInt(e.types[col] ?? 0);
      });
    });
    return batch;
  }

  /** Keeps the closing special token ([SEP]) so a truncated text still looks like a sentence to the model. */
  private truncate(ids: number[]): number[] {
    if (ids.length <= this.maxLength) return ids;
    return [...ids.slice(0, this.maxLength - 1), ids[ids.length - 1]!];
  }
}

/** tokenizer.json and tokenizer_config.json are JSON objects; their content is the tokenizer library's to check. */
const JsonObject = z.record(z.string(), z.unknown());

/** tokenizer_config.json beside tokenizer.json (same prefix), when the model ships one. */
function readConfig(tokenizerPath: string): Record<string, unknown> {
  const configPath = tokenizerPath.replace(/tokenizer\.json$/, 'tokenizer_config.json');
  if (configPath === tokenizerPath) return {};
  try {
    return JsonObject.parse(JSON.parse(readFileSync(configPath, 'utf8')));
  } catch {
    return {};
  }
}
