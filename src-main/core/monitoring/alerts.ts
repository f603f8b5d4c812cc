/** Threshold checks over one sample: pure, so the rules are tested without a machine under pressure. */
import type { GpuSample, ModelSample, ResourceAlert, Settings } from '@contract';

export type AlertThresholds = Pick<Settings, 'alertRamPercent' | 'alertVramPercent' | 'alertResponseSeconds'>;

/** Recent time-to-first-token for one model (median over its last few requests). */
export interface RecentLatency {
  modelId: string;
  ttftMs: number;
}

export interface AlertInput {
  ramUsedPercent: number;
  gpu: GpuSample;
  models: ModelSample[];
  latency: RecentLatency | null;
}

const MIN_CONTEXT = 512;
const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`;

/** The model that costs least to lose: not generating, least recently used; ties go to the bigger one. */
function idleCandidate(models: ModelSample[], by: 'ramBytes' | 'vramBytes'): ModelSample | null {
  const idle = models.filter((m) => m.state === 'loaded' && m.busySequences === 0 && m[by] > 0);
  idle.sort((a, b) => a.lastUsedAt - b.lastUsedAt || b[by] - a[by]);
  return idle[0] ?? null;
}

function ramAlert(input: AlertInput, limit: number): ResourceAlert | null {
  const used = Math.round(input.ramUsedPercent);
  if (used < limit) return null;
  const victim = idleCandidate(input.models, 'ramBytes');
  const base = `System memory is ${used}% used (alert at ${limit}%).`;
  return {
    id: 'ram-high',
    level: used >= 95 ? 'error' : 'warning',
    title: 'Memory is running low',
    message: victim
      ? `${base} Unloading ${victim.modelId}, idle right now, frees about ${mib(victim.ramBytes)}.`
      : `${base} No idle model to unload: close other apps or pick a smaller model.`,
    action: victim ? { kind: 'unloadModel', modelId: victim.modelId } : null,
    actionLabel: victim ? `Unload ${victim.modelId}` : null,
  };
}

function vramAlert(input: AlertInput, limit: number): ResourceAlert | null {
  const { gpu } = input;
  if (gpu.state !== 'reported' || gpu.totalBytes <= 0) return null;
  const used = Math.round((gpu.usedBytes / gpu.totalBytes) * 100);
  if (used < limit) return null;
  const victim = idleCandidate(input.models, 'vramBytes');
  const base = `VRAM is ${used}% used (alert at ${limit}%).`;
  return {
    id: 'vram-high',
    level: used >= 97 ? 'error' : 'warning',
    title: 'GPU memory is nearly full',
    message: victim
      ? `${base} Unloading ${victim.modelId} frees about ${mib(victim.vramBytes)} of VRAM.`
      : `${base} Layers that do not fit spill to the CPU and run slower.`,
    action: victim ? { kind: 'unloadModel', modelId: victim.modelId } : null,
    actionLabel: victim ? `Unload ${victim.modelId}` : null,
  };
}

function latencyAlert(input: AlertInput, limitSeconds: number): ResourceAlert | null {
  const { latency } = input;
  if (!latency || latency.ttftMs < limitSeconds * 1000) return null;
  const model = input.models.find((m) => m.modelId === latency.modelId);
  const lower =
    model && model.contextSize > MIN_CONTEXT ? Math.max(MIN_CONTEXT, Math.floor(model.contextSize / 2)) : null;
  const base = `Replies from ${latency.modelId} take ${(latency.ttftMs / 1000).toFixed(1)} s to start (alert at ${limitSeconds} s).`;
  return {
    id: 'slow-response',
    level: 'warning',
    title: 'Responses are slow',
    message:
      model && lower
        ? `${base} A smaller context (${lower} instead of ${model.contextSize} tokens) needs less memory and starts faster.`
        : `${base} A smaller model or fewer other apps would help.`,
    action: model && lower ? { kind: 'lowerContext', modelId: model.modelId, contextSize: lower } : null,
    actionLabel: model && lower ? `Reload with ${lower} ctx` : null,
  };
}

export function computeAlerts(input: AlertInput, limits: AlertThresholds): ResourceAlert[] {
  return [
    ramAlert(input, limits.alertRamPercent),
    vramAlert(input, limits.alertVramPercent),
    latencyAlert(input, limits.alertResponseSeconds),
  ].filter((a): a is ResourceAlert => a !== null);
}
