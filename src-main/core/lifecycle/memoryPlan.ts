/** Pure planning: will a model fit the memory budget, and which idle models would have to go. */
import type { ResourceEstimate } from '../inference/engine';

export interface LoadedCost {
  modelId: string;
  ramBytes: number;
  vramBytes: number;
  lastUsedAt: number;
  /** Busy (generating) or kept warm: never evicted. */
  pinned: boolean;
}

export interface Budget {
  ramBytes: number;
  /** 0 when there is no GPU. */
  vramBytes: number;
  maxLoadedModels: number;
}

export interface MemoryPlan {
  fits: boolean;
  /** Least recently used first. */
  evict: string[];
  ramAvailableBytes: number;
  vramAvailableBytes: number;
  suggestion: string | null;
}

export function computeBudget(
  totalRamBytes: number,
  memoryBudgetPercent: number,
  gpu: { vramTotalBytes: number } | null,
  maxLoadedModels: number,
): Budget {
  return {
    ramBytes: Math.floor((totalRamBytes * memoryBudgetPercent) / 100),
    // llama.cpp needs scratch room beyond its estimate; keep a tenth of VRAM free.
    vramBytes: gpu ? Math.floor(gpu.vramTotalBytes * 0.9) : 0,
    maxLoadedModels,
  };
}

const GiB = 1024 ** 3;
const fmt = (bytes: number) => `${(bytes / GiB).toFixed(1)} GiB`;

function suggest(need: ResourceEstimate, ramRoom: number, vramRoom: number, budgetPercent: number): string {
  if (need.vramBytes > vramRoom && need.gpuLayers > 0) {
    const share = vramRoom > 0 ? Math.max(0, Math.floor((need.gpuLayers * vramRoom) / need.vramBytes) - 1) : 0;
    return `Offload fewer layers to the GPU (try ${share} GPU layers) or use a smaller quantization.`;
  }
  // Memory grows roughly linearly with context; scale it down by the shortfall, to a power of two.
  const fitContext = 2 ** Math.floor(Math.log2(Math.max(1, (need.contextSize * Math.max(0, ramRoom)) / need.ramBytes)));
  if (need.contextSize > 2048 && fitContext >= 1024) {
    return `Use a smaller context (try ${Math.min(fitContext, need.contextSize / 2)} tokens), a smaller quantization (e.g. Q4_K_M), or raise the memory budget in Settings (now ${budgetPercent}% of RAM).`;
  }
  return `Choose a smaller model or quantization (e.g. Q4_K_M), unload other models, or raise the memory budget in Settings (now ${budgetPercent}% of RAM); ${fmt(need.ramBytes)} needed, ${fmt(Math.max(0, ramRoom))} free in the budget.`;
}

/** Evicts least-recently-used unpinned models until the new one fits both memory and the model count. */
export function planLoad(
  need: ResourceEstimate,
  loaded: readonly LoadedCost[],
  budget: Budget,
  budgetPercent: number,
): MemoryPlan {
  const usedRam = loaded.reduce((sum, m) => sum + m.ramBytes, 0);
  const usedVram = loaded.reduce((sum, m) => sum + m.vramBytes, 0);
  let ramRoom = budget.ramBytes - usedRam;
  let vramRoom = budget.vramBytes - usedVram;
  let count = loaded.length;
  const fitsNow = () =>
    need.ramBytes <= ramRoom && (need.vramBytes === 0 || need.vramBytes <= vramRoom) && count < budget.maxLoadedModels;

  const evict: string[] = [];
  const candidates = loaded.filter((m) => !m.pinned).sort((a, b) => a.lastUsedAt - b.lastUsedAt);
  for (const candidate of candidates) {
    if (fitsNow()) break;
    evict.push(candidate.modelId);
    ramRoom += candidate.ramBytes;
    vramRoom += candidate.vramBytes;
    count -= 1;
  }
  const fits = fitsNow();
  const countBlocked = count >= budget.maxLoadedModels;
  return {
    fits,
    evict: fits ? evict : [],
    ramAvailableBytes: Math.max(0, budget.ramBytes - usedRam),
    vramAvailableBytes: Math.max(0, budget.vramBytes - usedVram),
    suggestion: fits
      ? null
      : countBlocked && need.ramBytes <= ramRoom
        ? `${budget.maxLoadedModels} model(s) are loaded and in use; unload one or raise "max loaded models" in Settings.`
        : suggest(need, ramRoom, vramRoom, budgetPercent),
  };
}

/** Models that have been idle longer than the limit and may be unloaded. */
export function idleModels(loaded: readonly LoadedCost[], now: number, idleMinutes: number): string[] {
  if (idleMinutes <= 0) return [];
  const limit = idleMinutes * 60_000;
  return loaded.filter((m) => !m.pinned && now - m.lastUsedAt >= limit).map((m) => m.modelId);
}
