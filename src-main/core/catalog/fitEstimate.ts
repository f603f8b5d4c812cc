/**
 * "Will it fit?" before a download. With node-llama-cpp's insights for a file on disk we trust those numbers;
 * otherwise the formula below (README.md "Fit estimate"):
 *
 *   weights  = GGUF file size (mmap'd)
 *   kvCache  = 2 × layers × context × headCountKv × (embeddingLength / headCount) × 2 bytes (f16)
 *   compute  = 192 MiB + context × embeddingLength × 4 bytes
 *   overhead = 256 MiB runtime (RAM) + 320 MiB GPU backend (VRAM, when offloading)
 *
 * gpu: all layers fit in 90% of free VRAM · partial: ≥ 20% of layers fit there, the rest in RAM ·
 * cpu: everything fits in RAM after keeping max(1.5 GiB, 15%) for the OS · no: otherwise.
 */
import type { CatalogModel, CatalogVariant, FitEstimate, FitVerdict } from '../../../src-preload/contract/catalog';
import {
  computeBufferBytes,
  CPU_INTERACTIVE_WEIGHT_BYTES,
  DEFAULT_CONTEXT_SIZE,
  formatGiB,
  GPU_BACKEND_OVERHEAD_BYTES,
  kvCacheBytes,
  MIN_PARTIAL_LAYER_FRACTION,
  ONNX_MEMORY_FACTOR,
  ONNX_RUNTIME_OVERHEAD_BYTES,
  ramBudget,
  RUNTIME_OVERHEAD_BYTES,
  USABLE_VRAM_FRACTION,
  weightBytes,
  type ModelShape,
} from './fitMath';

export interface FitHardware {
  totalRamBytes: number;
  freeRamBytes: number;
  gpu: { name: string; vramTotalBytes: number; vramFreeBytes: number } | null;
}

/** node-llama-cpp's GGUF-insights estimate for one layout of a file already on disk. */
export interface FitInsights {
  ramBytes: number;
  vramBytes: number;
  gpuLayers: number;
  contextSize: number;
}

export interface FitOptions {
  contextSize?: number;
  insights?: FitInsights;
}

interface Layout {
  verdict: FitVerdict;
  ramBytes: number;
  vramBytes: number;
  gpuLayers: number;
  headroomBytes: number;
}

/** Everything in RAM: runs on the CPU if it fits the budget, otherwise it doesn't fit at all. */
function cpuOnly(ramBytes: number, budget: number): Layout {
  return {
    verdict: ramBytes <= budget ? 'cpu' : 'no',
    ramBytes,
    vramBytes: 0,
    gpuLayers: 0,
    headroomBytes: budget - ramBytes,
  };
}

export function estimateFit(
  model: CatalogModel,
  variant: CatalogVariant,
  hardware: FitHardware,
  options: FitOptions = {},
): FitEstimate {
  const notes: string[] = [];
  const requested = options.contextSize ?? Math.min(model.contextLength, DEFAULT_CONTEXT_SIZE);
  const contextSize = Math.max(1, Math.min(Math.floor(requested), model.contextLength));
  if (requested > model.contextLength) notes.push(`context capped at the model's ${model.contextLength} tokens`);
  const weights = weightBytes(model, variant);

  let layout: Layout;
  let method: FitEstimate['method'] = 'formula';
  if (options.insights !== undefined) {
    method = 'insights';
    layout = fromInsights(options.insights, model.shape?.layers ?? 1, hardware);
    notes.push("node-llama-cpp's estimate for the file on disk");
  } else if (model.format === 'onnx' || model.shape === null) {
    layout = sizeOnly(model, weights, hardware);
    if (model.format === 'onnx') {
      notes.push(`${model.purposes.includes('reranking') ? 'reranker' : 'embedding model'}: small, runs on the CPU`);
    }
  } else {
    layout = fromFormula(model.shape, weights, contextSize, hardware);
  }

  if (variant.files.some((file) => !file.sizeVerified)) notes.push('approximate size');
  const cpuSideWeights = cpuShareOfWeights(layout, weights, model.shape?.layers ?? 1);
  if (layout.verdict !== 'no' && layout.verdict !== 'gpu' && cpuSideWeights > CPU_INTERACTIVE_WEIGHT_BYTES) {
    notes.push('mostly on the CPU: expect a few tokens per second');
  }
  if (layout.verdict !== 'no' && layout.ramBytes > hardware.freeRamBytes) {
    notes.push(
      `needs ${formatGiB(layout.ramBytes)} of RAM, ${formatGiB(hardware.freeRamBytes)} is free now: close other apps first`,
    );
  }
  return {
    variantId: variant.id,
    verdict: layout.verdict,
    ramBytes: Math.round(layout.ramBytes),
    vramBytes: Math.round(layout.vramBytes),
    contextSize: options.insights?.contextSize ?? contextSize,
    gpuLayers: layout.gpuLayers,
    headroomBytes: Math.round(layout.headroomBytes),
    method,
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

function fromFormula(shape: ModelShape, weights: number, contextSize: number, hardware: FitHardware): Layout {
  const layerBytes = (weights + kvCacheBytes(shape, contextSize)) / shape.layers;
  const compute = computeBufferBytes(shape, contextSize);
  const budget = ramBudget(hardware.totalRamBytes);
  const ramFor = (gpuLayers: number) => (shape.layers - gpuLayers) * layerBytes + compute + RUNTIME_OVERHEAD_BYTES;
  const vramFor = (gpuLayers: number) => gpuLayers * layerBytes + compute + GPU_BACKEND_OVERHEAD_BYTES;

  if (hardware.gpu !== null) {
    const usableVram = hardware.gpu.vramFreeBytes * USABLE_VRAM_FRACTION;
    const room = usableVram - compute - GPU_BACKEND_OVERHEAD_BYTES;
    const gpuLayers = Math.max(0, Math.min(shape.layers, Math.floor(room / layerBytes)));
    if (gpuLayers === shape.layers && RUNTIME_OVERHEAD_BYTES <= budget) {
      const vramBytes = vramFor(gpuLayers);
      return {
        verdict: 'gpu',
        ramBytes: RUNTIME_OVERHEAD_BYTES,
        vramBytes,
        gpuLayers,
        headroomBytes: hardware.gpu.vramFreeBytes - vramBytes,
      };
    }
    const partialLayers = Math.min(gpuLayers, shape.layers - 1);
    if (partialLayers >= Math.ceil(shape.layers * MIN_PARTIAL_LAYER_FRACTION) && ramFor(partialLayers) <= budget) {
      const ramBytes = ramFor(partialLayers);
      return {
        verdict: 'partial',
        ramBytes,
        vramBytes: vramFor(partialLayers),
        gpuLayers: partialLayers,
        headroomBytes: budget - ramBytes,
      };
    }
  }
  const ramBytes = ramFor(0);
  return cpuOnly(ramBytes, budget);
}

function fromInsights(insights: FitInsights, layers: number, hardware: FitHardware): Layout {
  const budget = ramBudget(hardware.totalRamBytes);
  const gpu = hardware.gpu;
  const vramFits = gpu !== null && insights.vramBytes <= gpu.vramFreeBytes * USABLE_VRAM_FRACTION;
  if (gpu !== null && insights.gpuLayers > 0 && vramFits && insights.ramBytes <= budget) {
    const verdict: FitVerdict = insights.gpuLayers >= layers ? 'gpu' : 'partial';
    const headroomBytes = verdict === 'gpu' ? gpu.vramFreeBytes - insights.vramBytes : budget - insights.ramBytes;
    return {
      verdict,
      ramBytes: insights.ramBytes,
      vramBytes: insights.vramBytes,
      gpuLayers: insights.gpuLayers,
      headroomBytes,
    };
  }
  // The layout doesn't fit (or offloads nothing): everything would have to live in RAM instead.
  const ramBytes = insights.gpuLayers > 0 ? insights.ramBytes + insights.vramBytes : insights.ramBytes;
  return cpuOnly(ramBytes, budget);
}

function sizeOnly(model: CatalogModel, weights: number, hardware: FitHardware): Layout {
  const ramBytes =
    model.format === 'onnx'
      ? weights * ONNX_MEMORY_FACTOR + ONNX_RUNTIME_OVERHEAD_BYTES
      : weights * 1.2 + RUNTIME_OVERHEAD_BYTES;
  const budget = ramBudget(hardware.totalRamBytes);
  return cpuOnly(ramBytes, budget);
}

function cpuShareOfWeights(layout: Layout, weights: number, layers: number): number {
  return (weights * Math.max(0, layers - layout.gpuLayers)) / layers;
}
