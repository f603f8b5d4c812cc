/**
 * Picks, per model and per purpose, the best variant this machine runs with headroom. Quality first (bigger
 * model, finer quantization), then where it runs (gpu > partial > cpu); a `no` verdict is never picked.
 */
import type {
  CatalogEntry,
  CatalogModel,
  CatalogView,
  FitEstimate,
  FitVerdict,
  Purpose,
} from '../../../src-preload/contract/catalog';
import type { SkippedCatalogEntry } from './catalogFile';
import { estimateFit, type FitHardware, type FitInsights } from './fitEstimate';
import { CPU_INTERACTIVE_WEIGHT_BYTES, weightBytes } from './fitMath';

type Quantization = CatalogModel['variants'][number]['quantization'];

/** How much of the full-precision quality a quantization keeps, roughly (llama.cpp perplexity tables). */
const QUANT_QUALITY: Record<Quantization, number> = {
  Q2_K: 0.6,
  Q3_K_M: 0.8,
  Q4_K_M: 0.92,
  Q5_K_M: 0.96,
  Q6_K: 0.98,
  Q8_0: 0.995,
  INT8: 0.99,
  F16: 1,
  FP32: 1,
};

const VERDICT_RANK: Record<FitVerdict, number> = { gpu: 3, partial: 2, cpu: 1, no: 0 };

/** Routing runs before every turn, so the smallest capable model wins; the others want the most capable one. */
const PREFERS_SMALL_MODELS: ReadonlySet<Purpose> = new Set(['routing']);
/** Agents call tools: at similar quality, a model trained for tool calls is worth a little more. */
const TOOL_CALLING_BONUS = 1.05;
const TOOL_PURPOSES: ReadonlySet<Purpose> = new Set(['chat', 'coding', 'reasoning']);

export const PURPOSES: readonly Purpose[] = ['routing', 'chat', 'coding', 'reasoning', 'embedding', 'reranking'];

export interface BuildCatalogViewInput {
  models: readonly CatalogModel[];
  skipped: readonly SkippedCatalogEntry[];
  hardware: FitHardware;
  /** File names present in the models folder. */
  installedFileNames: ReadonlySet<string>;
  /** node-llama-cpp's estimate for a file already on disk, when the host has one. */
  insightsFor?: (fileName: string) => FitInsights | undefined;
  contextSize?: number;
}

export function buildCatalogView(input: BuildCatalogViewInput): CatalogView {
  const entries: CatalogEntry[] = input.models.map((model) => {
    const fit = model.variants.map((variant) => {
      const primary = variant.files[0]?.fileName;
      const insights = primary === undefined ? undefined : input.insightsFor?.(primary);
      return estimateFit(model, variant, input.hardware, { contextSize: input.contextSize, insights });
    });
    const installedVariantIds = model.variants
      .filter((variant) => variant.files.every((file) => input.installedFileNames.has(file.fileName)))
      .map((variant) => variant.id);
    const recommendedVariantId = recommendVariant(model, fit, input.hardware.freeRamBytes);
    return { ...model, fit, recommendedVariantId, installedVariantIds };
  });
  return {
    models: entries,
    recommended: recommendForPurposes(entries, input.hardware.freeRamBytes),
    hardware: input.hardware,
    skipped: input.skipped.map((entry) => ({ ...entry })),
  };
}

/** The finest quantization that fits (in the RAM free right now, if one does); ties go to the better device. */
export function recommendVariant(
  model: CatalogModel,
  fit: readonly FitEstimate[],
  freeRamBytes = Infinity,
): string | null {
  const candidates = candidatesOf(model, fit, freeRamBytes);
  const best = firstNonEmpty([candidates.filter((c) => c.fitsFreeRam), candidates]).sort(
    (a, b) => QUANT_QUALITY[b.quantization] - QUANT_QUALITY[a.quantization] || byPlacement(a.fit, b.fit),
  )[0];
  return best?.fit.variantId ?? null;
}

export function recommendForPurposes(
  entries: readonly CatalogEntry[],
  freeRamBytes = Infinity,
): CatalogView['recommended'] {
  const picks: CatalogView['recommended'] = [];
  for (const purpose of PURPOSES) {
    const candidates = entries
      .filter((entry) => entry.purposes.includes(purpose))
      .flatMap((entry) => candidatesOf(entry, entry.fit, freeRamBytes).map((candidate) => ({ ...candidate, entry })));
    // Last resorts, in order: not fitting in the RAM free now, a 2-3 bit quantization, a few tokens per second.
    const good = (c: Candidate) => c.interactive && QUANT_QUALITY[c.quantization] >= QUANT_QUALITY.Q4_K_M;
    const pool = firstNonEmpty([
      candidates.filter((c) => good(c) && c.fitsFreeRam),
      candidates.filter(good),
      candidates.filter((c) => c.interactive),
      candidates,
    ]);
    const smallFirst = PREFERS_SMALL_MODELS.has(purpose);
    const score = (c: (typeof pool)[number]) =>
      QUANT_QUALITY[c.quantization] *
      (smallFirst ? 1 : c.entry.parameterCountB) *
      (c.entry.toolCalling && TOOL_PURPOSES.has(purpose) ? TOOL_CALLING_BONUS : 1);
    pool.sort(
      (a, b) =>
        (smallFirst ? a.entry.parameterCountB - b.entry.parameterCountB : 0) ||
        score(b) - score(a) ||
        byPlacement(a.fit, b.fit),
    );
    const pick = pool[0];
    if (pick !== undefined) picks.push({ purpose, modelId: pick.entry.id, variantId: pick.fit.variantId });
  }
  return picks;
}

interface Candidate {
  quantization: Quantization;
  fit: FitEstimate;
  interactive: boolean;
  fitsFreeRam: boolean;
}

function firstNonEmpty<T>(lists: T[][]): T[] {
  return lists.find((list) => list.length > 0) ?? [];
}

function candidatesOf(model: CatalogModel, fit: readonly FitEstimate[], freeRamBytes: number): Candidate[] {
  const candidates: Candidate[] = [];
  for (const variant of model.variants) {
    const estimate = fit.find((f) => f.variantId === variant.id);
    if (estimate === undefined || estimate.verdict === 'no') continue;
    const layers = model.shape?.layers ?? 1;
    const cpuWeights = (weightBytes(model, variant) * Math.max(0, layers - estimate.gpuLayers)) / layers;
    const interactive = estimate.verdict === 'gpu' || cpuWeights <= CPU_INTERACTIVE_WEIGHT_BYTES;
    const fitsFreeRam = estimate.ramBytes <= freeRamBytes;
    candidates.push({ quantization: variant.quantization, fit: estimate, interactive, fitsFreeRam });
  }
  return candidates;
}

/** gpu before partial before cpu; then the one that leaves more room. */
function byPlacement(a: FitEstimate, b: FitEstimate): number {
  return VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict] || b.headroomBytes - a.headroomBytes;
}
