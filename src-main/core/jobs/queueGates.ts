/** The machine-respecting checks behind the run queue: foreground chats and the memory budget. */
import type { LoadedModel, MemoryEstimate } from '@contract';

/** A model used within this long counts as in use: a background run never evicts it. */
export const IN_USE_MS = 2 * 60_000;

export interface MemoryGatePorts {
  loaded(): LoadedModel[];
  estimate(modelId: string): Promise<MemoryEstimate>;
  now(): number;
}

/** null when the model is loaded, or fits evicting only models nobody is using; else why the run waits. */
export async function memoryWaitReason(p: MemoryGatePorts, modelId: string): Promise<string | null> {
  const loaded = p.loaded();
  if (loaded.some((m) => m.modelId === modelId)) return null;
  let estimate: MemoryEstimate;
  try {
    estimate = await p.estimate(modelId);
  } catch {
    // Not a local model (a remote node) or not installed: the run itself reports what is wrong.
    return null;
  }
  if (!estimate.fits) return `Waiting for memory: ${modelId} does not fit the memory budget now`;
  const inUse = estimate.wouldEvict.filter((id) => {
    const model = loaded.find((m) => m.modelId === id);
    return model && (model.keepAlive || model.busySequences > 0 || p.now() - model.lastUsedAt < IN_USE_MS);
  });
  return inUse.length > 0
    ? `Waiting for memory: loading ${modelId} would unload ${inUse.join(', ')}, which is in use`
    : null;
}

/** null when no foreground chat streams on the model; else why the run waits. */
export function foregroundWaitReason(foregroundModels: ReadonlySet<string>, modelId: string): string | null {
  return foregroundModels.has(modelId) ? `Waiting: a chat is answering on ${modelId}` : null;
}
