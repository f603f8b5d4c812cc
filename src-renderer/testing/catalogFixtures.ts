/** Realistic catalog and download values for renderer tests; override only what a test is about. */
import type { CatalogEntry, CatalogView, Download, FitEstimate } from '@contract';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

export function fitEstimate(overrides: Partial<FitEstimate> = {}): FitEstimate {
  return {
    variantId: 'qwen-q4',
    verdict: 'cpu',
    ramBytes: 900 * MIB,
    vramBytes: 0,
    contextSize: 4096,
    gpuLayers: 0,
    headroomBytes: 18 * GIB,
    method: 'formula',
    note: null,
    ...overrides,
  };
}

/** A small Qwen-like model with Q2_K (unverified hash, approximate size), Q4_K_M and Q8_0 variants. */
export function catalogEntry(overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  const id = overrides.id ?? 'qwen';
  const file = (name: string, sizeBytes: number, sha256: string | null, sizeVerified = true) => ({
    fileName: `${id}-${name}.gguf`,
    sizeBytes,
    sizeVerified,
    sha256,
    urls: [`https://huggingface.co/example/${id}/resolve/main/${id}-${name}.gguf`],
  });
  return {
    id,
    name: 'Qwen2.5 0.5B Instruct',
    publisher: 'Qwen',
    description: 'Tiny and fast.',
    format: 'gguf',
    purposes: ['routing', 'chat'],
    license: { id: 'Apache-2.0', url: 'https://huggingface.co/example/LICENSE' },
    parameterCountB: 0.49,
    contextLength: 32768,
    toolCalling: true,
    shape: { layers: 24, embeddingLength: 896, headCount: 14, headCountKv: 2 },
    homepage: 'https://huggingface.co/example',
    variants: [
      { id: `${id}-q2`, quantization: 'Q2_K', files: [file('q2_k', 415_000_000, null, false)] },
      { id: `${id}-q4`, quantization: 'Q4_K_M', files: [file('q4_k_m', 491_400_032, 'a'.repeat(64))] },
      { id: `${id}-q8`, quantization: 'Q8_0', files: [file('q8_0', 675_710_816, 'b'.repeat(64))] },
    ],
    fit: [
      fitEstimate({ variantId: `${id}-q2`, note: 'approximate size' }),
      fitEstimate({ variantId: `${id}-q4` }),
      fitEstimate({ variantId: `${id}-q8`, ramBytes: 1.1 * GIB }),
    ],
    recommendedVariantId: `${id}-q8`,
    installedVariantIds: [],
    ...overrides,
  };
}

export function catalogView(overrides: Partial<CatalogView> = {}): CatalogView {
  const qwen = catalogEntry();
  const big = catalogEntry({
    id: 'big',
    name: 'Big Coder 32B',
    publisher: 'Example Labs',
    purposes: ['coding'],
    parameterCountB: 32,
    toolCalling: false,
    fit: ['big-q2', 'big-q4', 'big-q8'].map((variantId) =>
      fitEstimate({ variantId, verdict: 'no', ramBytes: 40 * GIB, headroomBytes: -20 * GIB }),
    ),
    recommendedVariantId: null,
  });
  return {
    models: [big, qwen],
    recommended: [
      { purpose: 'routing', modelId: 'qwen', variantId: 'qwen-q8' },
      { purpose: 'chat', modelId: 'qwen', variantId: 'qwen-q8' },
    ],
    hardware: { totalRamBytes: 24 * GIB, freeRamBytes: 20 * GIB, gpu: null },
    skipped: [],
    ...overrides,
  };
}

export function download(overrides: Partial<Download> = {}): Download {
  return {
    id: 'd1',
    modelId: 'qwen',
    variantId: 'qwen-q4',
    fileName: 'qwen-q4_k_m.gguf',
    url: 'https://huggingface.co/example/qwen/resolve/main/qwen-q4_k_m.gguf',
    state: 'downloading',
    receivedBytes: 100 * MIB,
    totalBytes: 400 * MIB,
    bytesPerSecond: 2 * MIB,
    etaSeconds: 150,
    error: null,
    sha256: 'a'.repeat(64),
    verifiedBy: null,
    installedModelId: null,
    createdAt: 1_000,
    updatedAt: 2_000,
    ...overrides,
  };
}
