/** Realistic contract values for renderer tests; override only what a test is about. */
import {
  DEFAULT_LOAD_OPTIONS,
  type InstalledModel,
  type LoadedModel,
  type MemoryEstimate,
  type WorkerStatus,
} from '@contract';

export function installedModel(overrides: Partial<InstalledModel> = {}): InstalledModel {
  const id = overrides.id ?? 'qwen2.5-0.5b-instruct-q8_0';
  return {
    id,
    fileName: `${id}.gguf`,
    path: `/data/models/${id}.gguf`,
    sizeBytes: 531_068_000,
    source: 'scanned',
    addedAt: 1_000,
    metadata: {
      architecture: 'qwen2',
      name: 'Qwen2.5 0.5B Instruct',
      quantization: 'Q8_0',
      parameterCount: 494_032_768,
      contextLength: 32_768,
      layerCount: 24,
      embeddingLength: 896,
      hasChatTemplate: true,
      tensorCount: 290,
    },
    problem: null,
    loadOptions: DEFAULT_LOAD_OPTIONS,
    ...overrides,
  };
}

export function loadedModel(overrides: Partial<LoadedModel> = {}): LoadedModel {
  return {
    modelId: 'qwen2.5-0.5b-instruct-q8_0',
    loadedAt: 10_000,
    lastUsedAt: 10_000,
    gpuLayers: 0,
    contextSize: 4096,
    parallelSequences: 2,
    busySequences: 0,
    ramBytes: 700 * 1024 ** 2,
    vramBytes: 0,
    keepAlive: false,
    ...overrides,
  };
}

export function memoryEstimate(overrides: Partial<MemoryEstimate> = {}): MemoryEstimate {
  return {
    gpuLayers: 0,
    contextSize: 4096,
    ramBytes: 700 * 1024 ** 2,
    vramBytes: 0,
    ramBudgetBytes: 10 * 1024 ** 3,
    vramBudgetBytes: 0,
    fits: true,
    wouldEvict: [],
    suggestion: null,
    ...overrides,
  };
}

export function workerStatus(overrides: Partial<WorkerStatus> = {}): WorkerStatus {
  return {
    state: 'ready',
    pid: 4242,
    backend: 'cpu',
    gpu: null,
    restarts: 0,
    lastError: null,
    engine: {
      nodeLlamaCpp: '3.22.1',
      llamaCpp: 'b6000',
      backend: 'cpu',
      variant: 'patched',
      patches: ['node-llama-cpp+3.22.1+threadpool.patch'],
      portable: false,
    },
    ...overrides,
  };
}
