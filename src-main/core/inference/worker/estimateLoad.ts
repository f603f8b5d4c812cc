/** What a load would cost (RAM, VRAM, layers, context) from the GGUF header, before anything is loaded. */
import { GgufInsights, type Llama, readGgufFileInfo } from 'node-llama-cpp';
import type { LoadOptions } from '../../../../src-preload/contract/models';
import type { ModelRef, ResourceEstimate } from '../protocol';
import { modelFailure } from './errors';
import { numericOrUndefined } from './loadModelEntry';

export async function estimateLoad(
  llama: Llama,
  ref: ModelRef,
  options: LoadOptions,
  signal: AbortSignal,
): Promise<ResourceEstimate> {
  try {
    const info = await readGgufFileInfo(ref.path, { sourceType: 'filesystem', signal, logWarnings: false });
    const insights = await GgufInsights.from(info, llama);
    const resolver = insights.configurationResolver;
    // Estimates report the cost of what was asked; whether it fits is the caller's memory plan to decide.
    const { gpuLayers, useMmap } = await resolver.resolveModelGpuLayersV2(options.gpuLayers, {
      ignoreMemorySafetyChecks: options.gpuLayers !== 'auto',
      defaultContextFlashAttention: options.flashAttention,
      useMmap: options.mmap,
      signal,
    });
    const batchSize = numericOrUndefined(options.batchSize);
    const sequences = options.parallelSequences;
    const contextSize = await resolver.resolveContextContextSize(options.contextSize, {
      modelGpuLayers: gpuLayers,
      modelTrainContextSize: insights.trainContextSize ?? 4096,
      flashAttention: options.flashAttention,
      ignoreMemorySafetyChecks: options.contextSize !== 'auto',
      useMmap,
      batchSize,
      sequences,
    });
    const modelCost = await insights.estimateModelResourceRequirementsV2({ gpuLayers, useMmap });
    const contextCost = await insights.estimateContextResourceRequirementsV2({
      contextSize,
      modelGpuLayers: gpuLayers,
      flashAttention: options.flashAttention,
      batchSize,
      sequences,
      useMmap,
    });
    return {
      gpuLayers,
      contextSize,
      ramBytes: modelCost.cpuRam + contextCost.cpuRam,
      vramBytes: modelCost.gpuVram + contextCost.gpuVram,
    };
  } catch (error) {
    throw modelFailure(error, ref.path, signal);
  }
}
