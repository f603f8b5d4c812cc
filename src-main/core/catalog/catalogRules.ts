/** Rules the shipped catalog must meet beyond the schema; run by scripts/validate-catalog.ts and a test. */
import type { CatalogModel } from '../../../src-preload/contract/catalog';
import type { LoadedCatalog } from './catalogFile';
import { PURPOSES } from './recommend';

/** Every GGUF model ships these, so each machine class has a choice between size and quality. */
export const REQUIRED_GGUF_QUANTS = ['Q2_K', 'Q4_K_M', 'Q5_K_M', 'Q8_0'] as const;

/** ONNX models are one of these kinds: they install into embeddings/ or rerankers/ and are found there. */
const ONNX_KINDS = ['embedding', 'reranking'] as const;

export function checkShippedCatalog(catalog: LoadedCatalog): string[] {
  const problems = catalog.skipped.map(
    (entry) => `entry #${entry.index} (${entry.id ?? 'no id'}) skipped: ${entry.reason}`,
  );
  for (const purpose of PURPOSES) {
    if (!catalog.models.some((model) => model.purposes.includes(purpose)))
      problems.push(`no model serves '${purpose}'`);
  }
  for (const model of catalog.models) problems.push(...checkModel(model));
  problems.push(...checkDraftPairs(catalog.models));
  return problems;
}

/** A draft pair names another GGUF model of the catalog that is smaller (its tokenizer is checked at install). */
export function checkDraftPairs(models: readonly CatalogModel[]): string[] {
  const problems: string[] = [];
  for (const model of models) {
    if (model.draftModelId === undefined) continue;
    const draft = models.find((m) => m.id === model.draftModelId);
    if (!draft) problems.push(`${model.id}: draft model ${model.draftModelId} is not in the catalog`);
    else if (draft.format !== 'gguf' || model.format !== 'gguf') problems.push(`${model.id}: drafts are GGUF models`);
    else if (draft.parameterCountB >= model.parameterCountB)
      problems.push(`${model.id}: draft model ${draft.id} is not smaller`);
  }
  return problems;
}

function checkModel(model: CatalogModel): string[] {
  const problems: string[] = [];
  const say = (message: string) => problems.push(`${model.id}: ${message}`);
  if (model.format === 'gguf') {
    const quants = new Set(model.variants.map((variant) => variant.quantization));
    const missing = REQUIRED_GGUF_QUANTS.filter((quant) => !quants.has(quant));
    if (missing.length > 0) say(`missing GGUF variants ${missing.join(', ')}`);
  } else if (!ONNX_KINDS.some((kind) => model.purposes.every((purpose) => purpose === kind))) {
    say('ONNX models serve only embedding, or only reranking');
  }
  if (!isHuggingFaceUrl(model.homepage)) say(`homepage is not on https://huggingface.co: ${model.homepage}`);
  if (!model.license.url.startsWith('https://')) say(`licence URL is not https: ${model.license.url}`);
  for (const variant of model.variants) {
    for (const file of variant.files) {
      for (const url of file.urls) {
        if (!isHuggingFaceUrl(url)) say(`${file.fileName}: URL is not https on huggingface.co: ${url}`);
        else if (!/\/resolve\/[^/]+\//.test(new URL(url).pathname))
          say(`${file.fileName}: URL is not a /resolve/ download: ${url}`);
      }
    }
  }
  return problems;
}

function isHuggingFaceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname === 'huggingface.co';
  } catch {
    return false;
  }
}
