/** Words the Models screen shows, as pure functions so they are tested once and read the same everywhere. */
import type { EngineBuild, GenerateResult, InstalledModel, LoadProgress, WorkerStatus } from '@contract';
import type { ShownError } from '../../lib/errors';
import { formatBytes, formatCount, formatParams } from '../../lib/format';
import type { ModelFailure, Removal } from '../../stores/modelsState';
import { BACKEND_LABELS } from '../dashboard/backendLabels';

/** `<dataDir>/models`, written with the separator the data dir already uses. */
export function modelsFolder(dataDir: string): string {
  const separator = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  return `${dataDir.replace(/[\\/]+$/, '')}${separator}models`;
}

export const SOURCE_LABELS: Record<InstalledModel['source'], string> = {
  copied: 'Copied',
  linked: 'Linked',
  scanned: 'Models folder',
  downloaded: 'Downloaded',
};

export const SOURCE_HINTS: Record<InstalledModel['source'], string> = {
  copied: 'Copied into the models folder when it was added',
  linked: 'Used where it is; Outpost never moves or deletes this file',
  scanned: 'Found in the models folder',
  downloaded: 'Downloaded into the models folder',
};

/** Only linked files live outside the models folder; removing one forgets it and leaves the file alone. */
export const deletesFileOnRemove = (model: Pick<InstalledModel, 'source'>): boolean => model.source !== 'linked';

/** "llama · Q8_0 · 114K params · 4,096 ctx", skipping what the file does not say. */
export function modelFacts(model: InstalledModel): string[] {
  const meta = model.metadata;
  if (!meta) return [];
  const facts = [meta.architecture];
  if (meta.quantization) facts.push(meta.quantization);
  if (meta.parameterCount !== null) facts.push(`${formatParams(meta.parameterCount)} params`);
  if (meta.contextLength !== null) facts.push(`${formatCount(meta.contextLength)} ctx`);
  return facts;
}

export function removalQuestion(model: InstalledModel): string {
  return deletesFileOnRemove(model)
    ? `${model.fileName} will be deleted from disk (${formatBytes(model.sizeBytes)}) and removed from Outpost. This cannot be undone.`
    : `Outpost will forget ${model.fileName}. The file itself stays where it is: ${model.path}`;
}

export function removalSummary(removal: Removal): string {
  if (removal.source === 'linked')
    return `Removed ${removal.fileName} from Outpost; the linked file was left in place.`;
  return removal.freedBytes > 0
    ? `Deleted ${removal.fileName} and freed ${formatBytes(removal.freedBytes)}.`
    : `Removed ${removal.fileName}; its file was already gone, so no space was freed.`;
}

export interface WorkerSummary {
  tone: 'ok' | 'busy' | 'bad' | 'idle';
  title: string;
  detail: string | null;
}

export function workerSummary(status: WorkerStatus | null): WorkerSummary {
  if (!status) return { tone: 'idle', title: 'Inference worker: checking…', detail: null };
  const backend = status.backend ? `${BACKEND_LABELS[status.backend]} backend` : null;
  const restarts = status.restarts > 0 ? `restarted ${status.restarts}×` : null;
  switch (status.state) {
    case 'ready':
      return { tone: 'ok', title: 'Inference worker ready', detail: join(backend, restarts) };
    case 'starting':
      return { tone: 'busy', title: 'Inference worker starting…', detail: join(backend, restarts) };
    case 'restarting':
      return {
        tone: 'busy',
        title: 'Inference worker restarting…',
        detail: join(status.lastError ? `it stopped: ${status.lastError}` : null, restarts),
      };
    case 'crashed':
      return {
        tone: 'bad',
        title: 'Inference worker crashed',
        detail: join(status.lastError, restarts, 'loading a model starts it again'),
      };
    case 'stopped':
      return { tone: 'idle', title: 'Inference worker idle', detail: 'starts when a model is estimated or loaded' };
  }
}

const VARIANT_TITLES: Record<EngineBuild['variant'], string> = {
  patched: "Outpost's patched build",
  stock: 'Stock node-llama-cpp prebuilt',
  local: 'Local build (not patched by Outpost)',
};

/** Which llama.cpp binary runs inference, as About and the Dashboard show it. */
export function engineSummary(engine: EngineBuild | null): { title: string; detail: string } {
  if (!engine) {
    return { title: 'Not started yet', detail: 'read from llama.cpp once a model is first estimated or loaded' };
  }
  const build =
    engine.variant !== 'patched'
      ? null
      : engine.portable
        ? 'portable (every CPU variant)'
        : 'tuned to the machine it was built on';
  const patches = engine.patches.length
    ? `patches: ${engine.patches.map((p) => p.replace(/^node-llama-cpp\+[^+]+\+/, '').replace(/\.patch$/, '')).join(', ')}`
    : null;
  return {
    title: `${VARIANT_TITLES[engine.variant]} · ${BACKEND_LABELS[engine.backend]}`,
    detail: join(`node-llama-cpp ${engine.nodeLlamaCpp}`, `llama.cpp ${engine.llamaCpp}`, build, patches) ?? '',
  };
}

export function gpuSummary(status: WorkerStatus | null): string | null {
  const gpu = status?.gpu;
  if (!gpu || gpu.names.length === 0) return null;
  return `${gpu.names.join(', ')} · ${formatBytes(gpu.vramFreeBytes)} free of ${formatBytes(gpu.vramTotalBytes)} VRAM`;
}

/** A headline naming the cause when the code says one, else null (the action then names the failure). */
export function causeTitle(error: ShownError): string | null {
  switch (error.code) {
    case 'insufficient_memory':
      return 'Not enough memory';
    case 'invalid_model':
      return error.file ? `Not a usable GGUF file: ${baseName(error.file)}` : 'Not a usable GGUF file';
    case 'worker_crashed':
      return 'The inference worker crashed';
    case 'not_found':
      return 'File not found';
    case 'conflict':
      return 'Already installed';
    case 'aborted':
      return 'Cancelled';
    default:
      return null;
  }
}

const ACTION_FAILED: Record<ModelFailure['action'], string> = {
  load: 'Could not load the model',
  elsewhere: 'Loading failed',
  unload: 'Could not unload the model',
  remove: 'Could not remove the model',
  saveOptions: 'Could not save the load options',
};

/** Headline for a failed action on a model: the specific cause when the code says one, else the action. */
export function failureTitle({ action, error }: ModelFailure): string {
  return causeTitle(error) ?? ACTION_FAILED[action];
}

/** What a load is doing, for the text beside its progress bar. */
export function phaseText(phase: LoadProgress['phase'] | undefined, progress: number): string {
  switch (phase) {
    case 'validating':
      return 'Checking the file…';
    case 'loading':
      return `Loading weights ${Math.round(progress * 100)}%`;
    case 'done':
      return 'Loaded';
    default:
      return 'Starting…';
  }
}

/** Why a generation ended, in words. */
export const FINISH_TEXT: Record<GenerateResult['finishReason'], string> = {
  stop: 'finished',
  length: 'hit max tokens',
  functionCalls: 'called a function',
  aborted: 'stopped',
  error: 'failed',
};

export function baseName(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).at(-1) ?? file;
}

function join(...parts: (string | null)[]): string | null {
  const kept = parts.filter((p): p is string => Boolean(p));
  return kept.length > 0 ? kept.join(' · ') : null;
}
