/**
 * ModelMetadata from node-llama-cpp's GGUF reader, called only after our own validator accepted the
 * header (its parser allocates whatever the file declares). No weights are loaded.
 */
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import type { ModelMetadata } from '@contract';
import type { GgufHeader } from './ggufHeader';

/** Vocabulary arrays: large, and not needed for metadata. */
const IGNORED_KEYS = [
  'tokenizer.ggml.tokens',
  'tokenizer.ggml.scores',
  'tokenizer.ggml.token_type',
  'tokenizer.ggml.merges',
];

/** A file our validator accepts but that is not a language model llama.cpp could run (e.g. no architecture). */
export class NotALanguageModelError extends Error {}

type NodeLlamaCpp = typeof NodeLlamaCppModule;
let nodeLlamaCpp: Promise<NodeLlamaCpp> | undefined;
// Loaded on first use: importing node-llama-cpp costs about a second, which app start-up should not pay.
const loadNodeLlamaCpp = (): Promise<NodeLlamaCpp> => (nodeLlamaCpp ??= import('node-llama-cpp'));

const field = (record: unknown, key: string): unknown =>
  typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : undefined;

function toInteger(value: unknown): number | null {
  const number = typeof value === 'bigint' ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

/** llama.cpp's quantisation name for `general.file_type`, e.g. MOSTLY_Q4_K_M → Q4_K_M, ALL_F32 → F32. */
export function quantizationName(fileType: unknown, names: Record<number, string | undefined>): string | null {
  const id = toInteger(fileType);
  const name = id === null ? undefined : names[id];
  return name === undefined ? null : name.replace(/^(MOSTLY|ALL)_/, '');
}

export async function readModelMetadata(filePath: string, header: GgufHeader): Promise<ModelMetadata> {
  const { readGgufFileInfo, GgufFileType } = await loadNodeLlamaCpp();
  const info = await readGgufFileInfo(filePath, {
    readTensorInfo: false, // our validator already read the tensor infos
    sourceType: 'filesystem',
    ignoreKeys: IGNORED_KEYS,
    logWarnings: false,
    spliceSplitFiles: false,
  });
  const general: unknown = info.metadata.general;
  const architecture = field(general, 'architecture');
  if (typeof architecture !== 'string' || architecture.length === 0) {
    throw new NotALanguageModelError('the file does not say which model architecture it uses (general.architecture)');
  }
  const architectureMetadata: unknown = field(info.metadata, architecture);
  const name = field(general, 'name');
  const chatTemplate = field(info.metadata.tokenizer, 'chat_template');
  const declaredParameters = toInteger(field(general, 'parameter_count'));
  return {
    architecture,
    name: typeof name === 'string' && name.trim().length > 0 ? name : null,
    quantization: quantizationName(field(general, 'file_type'), GgufFileType as unknown as Record<number, string>),
    parameterCount:
      declaredParameters !== null && declaredParameters > 0
        ? declaredParameters
        : header.tensors.reduce((sum, tensor) => sum + tensor.elementCount, 0),
    contextLength: toInteger(field(architectureMetadata, 'context_length')),
    layerCount: toInteger(field(architectureMetadata, 'block_count')),
    embeddingLength: toInteger(field(architectureMetadata, 'embedding_length')),
    hasChatTemplate: typeof chatTemplate === 'string' && chatTemplate.trim().length > 0,
    tensorCount: Number(info.tensorCount),
  };
}
