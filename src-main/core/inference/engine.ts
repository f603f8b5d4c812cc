/**
 * What the rest of core needs from the inference worker. The worker process owns every native
 * llama.cpp resource; this side only sends typed messages and survives the worker dying.
 */
import type {
  GenerateRequest,
  GenerateResult,
  LoadOptions,
  PromptCacheStats,
  WarmRequest,
  WarmResult,
  WorkerStatus,
} from '@contract';
import type { BackendPreference, CallDelta, GpuInfo, ModelRef, ResolvedLoad, ResourceEstimate } from './protocol';

// Shared with the worker, so they live in the protocol both sides read.
export type { BackendPreference, CallDelta, ModelRef, ResolvedLoad, ResourceEstimate };

export interface GenerateCallbacks {
  /** Coalesced text since the previous call (at most ~30 calls per second). */
  onDelta?(delta: string, tokens: number, call?: CallDelta): void;
}

/**
 * Extension beyond the contract's GenerateRequest: 'required' forces the reply to be one call of one of
 * `request.functions` (node-llama-cpp's function-calling grammar), like OpenAI's tool_choice "required".
 */
export interface GenerateOptions {
  functionCall?: 'auto' | 'required';
}

export interface InferenceEngine {
  status(): WorkerStatus;
  onStatus(listener: (status: WorkerStatus) => void): () => void;
  /** Fires when the worker died and every model it held is gone. */
  onModelsLost(listener: (modelIds: string[]) => void): () => void;
  /** Restarts the worker on another backend; loaded models are lost. */
  setBackend(backend: BackendPreference): Promise<void>;
  estimate(model: ModelRef, options: LoadOptions): Promise<ResourceEstimate>;
  load(
    model: ModelRef,
    options: LoadOptions,
    onProgress: (progress: number) => void,
    signal?: AbortSignal,
  ): Promise<ResolvedLoad>;
  unload(modelId: string): Promise<void>;
  /** Live VRAM from a running worker; null when no worker runs or the backend has no GPU. Never spawns one. */
  gpuState?(): Promise<GpuInfo | null>;
  /**
   * The running worker's prompt cache figures (null when no worker runs; never spawns one). With `budgetBytes`
   * the worker applies that disk budget first (0 empties and turns the cache off).
   */
  promptCache?(budgetBytes?: number): Promise<PromptCacheStats | null>;
  /** Removes every saved prompt state of the running worker, keeping its budget (null when no worker runs). */
  clearPromptCache?(): Promise<PromptCacheStats | null>;
  /**
   * Warms a prompt prefix of a model the running worker holds, in the background (never spawns a worker, never
   * loads); a generation on that model stops it. Null when no worker runs.
   */
  warm?(request: WarmRequest, signal?: AbortSignal): Promise<WarmResult | null>;
  /** Model ids the worker holds right now. */
  loadedModelIds(): string[];
  generate(
    request: GenerateRequest,
    callbacks: GenerateCallbacks,
    signal?: AbortSignal,
    options?: GenerateOptions,
  ): Promise<GenerateResult>;
  dispose(): Promise<void>;
}
