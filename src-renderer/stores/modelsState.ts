/** Shapes and pure helpers of the models store, kept apart so they can be tested without a bridge. */
import type {
  ImportProgress,
  InstalledModel,
  LoadedModel,
  LoadOptions,
  LoadProgress,
  MemoryEstimate,
  WorkerStatus,
} from '@contract';
import type { ShownError } from '../lib/errors';

export type ModelAction = 'load' | 'unload' | 'remove' | 'saveOptions';
export type RegisterMode = 'copy' | 'link';

/** A failed action on a model; 'elsewhere' is a load that another window or a chat started. */
export interface ModelFailure {
  action: ModelAction | 'elsewhere';
  error: ShownError;
}

export interface EstimateEntry {
  /** The options the estimate was asked for (see `optionsKey`). */
  optionsKey: string;
  estimate: MemoryEstimate | null;
  error: ShownError | null;
  pending: boolean;
}

export interface ImportState {
  path: string;
  mode: RegisterMode;
  copiedBytes: number;
  totalBytes: number;
  status: 'running' | 'done' | 'failed';
  error: ShownError | null;
  added: InstalledModel | null;
}

export interface Removal {
  modelId: string;
  fileName: string;
  source: InstalledModel['source'];
  freedBytes: number;
}

export type DraftEstimate = { ok: true; estimate: MemoryEstimate } | { ok: false; error: ShownError };

export interface ModelsData {
  models: readonly InstalledModel[];
  /** True once the first list arrived, to tell "no models" from "not asked yet". */
  listed: boolean;
  listError: ShownError | null;
  loaded: readonly LoadedModel[];
  worker: WorkerStatus | null;
  /** Loads in progress, from `models.loadProgress`; removed when they finish or fail. */
  progress: Readonly<Record<string, LoadProgress>>;
  /** What this window is doing to a model right now. */
  busy: Readonly<Record<string, ModelAction>>;
  /** The last failure per model, until the user acts on it again or dismisses it. */
  errors: Readonly<Record<string, ModelFailure>>;
  /** Estimates for each model's saved load options. */
  estimates: Readonly<Record<string, EstimateEntry>>;
  importing: ImportState | null;
  scanning: boolean;
  scanError: ShownError | null;
  lastRemoval: Removal | null;
}

export interface ModelsActions {
  /** Installed models, loaded models and worker status, e.g. at start and after a reconnect. */
  refresh(): Promise<void>;
  scan(): Promise<void>;
  register(path: string, mode: RegisterMode): Promise<InstalledModel | null>;
  loadModel(id: string): Promise<boolean>;
  unloadModel(id: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  setLoadOptions(id: string, options: LoadOptions): Promise<boolean>;
  /** Re-estimates the saved options of the given models (default: all without a problem). */
  refreshEstimates(ids?: readonly string[]): Promise<void>;
  /** Estimates unsaved options for the options form; nothing is stored. */
  estimateDraft(id: string, options: LoadOptions): Promise<DraftEstimate>;
  /** While at least one watcher is active, estimates follow option, memory and settings changes. */
  watchEstimates(): () => void;
  dismissError(id: string): void;
  dismissImport(): void;
  dismissRemoval(): void;
  receiveModels(models: readonly InstalledModel[]): void;
  receiveLoaded(loaded: readonly LoadedModel[]): void;
  receiveProgress(event: LoadProgress): void;
  receiveImportProgress(event: ImportProgress): void;
  receiveWorker(status: WorkerStatus): void;
  /** The memory budget or model limits changed: fits and evictions may differ now. */
  receiveBudgetChange(): void;
}

export type ModelsState = ModelsData & ModelsActions;

export const INITIAL_MODELS_DATA: ModelsData = {
  models: [],
  listed: false,
  listError: null,
  loaded: [],
  worker: null,
  progress: {},
  busy: {},
  errors: {},
  estimates: {},
  importing: null,
  scanning: false,
  scanError: null,
  lastRemoval: null,
};

/** A stable key for a set of load options, to tell whether an estimate is still about them. */
export function optionsKey(options: LoadOptions): string {
  const keys = Object.keys(options).sort() as (keyof LoadOptions)[];
  return JSON.stringify(keys.map((key) => [key, options[key]]));
}

/**
 * What the loaded set costs, as a key: estimates (fits, evictions) only change when this does,
 * not on every busy/last-used tick of a generation.
 */
export function loadedFootprintKey(loaded: readonly LoadedModel[]): string {
  return loaded
    .map((m) => `${m.modelId}:${m.ramBytes}:${m.vramBytes}:${m.keepAlive ? 1 : 0}`)
    .sort()
    .join('|');
}

export function withEntry<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  return { ...record, [key]: value };
}

export function withoutEntry<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  if (!(key in record)) return record as Record<string, T>;
  const next = { ...record };
  delete next[key];
  return next;
}

/** Keeps only the entries whose key is still an installed model. */
export function keepModels<T>(record: Readonly<Record<string, T>>, ids: ReadonlySet<string>): Record<string, T> {
  const kept = Object.entries(record).filter(([id]) => ids.has(id));
  return kept.length === Object.keys(record).length ? (record as Record<string, T>) : Object.fromEntries(kept);
}

/** Models whose estimate is missing or was made for other options than the ones saved now. */
export function staleEstimates(
  models: readonly InstalledModel[],
  estimates: Readonly<Record<string, EstimateEntry>>,
): string[] {
  return models
    .filter((m) => m.problem === null)
    .filter((m) => estimates[m.id]?.optionsKey !== optionsKey(m.loadOptions))
    .map((m) => m.id);
}

/**
 * Applies a `models.loadProgress` event. A failed load leaves the map; a finished one stays at 100%
 * until the model shows up as loaded, so the bar never drops back to zero at the end.
 */
export function applyProgress(
  progress: Readonly<Record<string, LoadProgress>>,
  event: LoadProgress,
): Record<string, LoadProgress> {
  if (event.phase === 'failed') return withoutEntry(progress, event.modelId);
  return withEntry(progress, event.modelId, event.phase === 'done' ? { ...event, progress: 1 } : event);
}

/** Drops finished loads once their models are in the loaded list. */
export function settleProgress(
  progress: Readonly<Record<string, LoadProgress>>,
  loaded: readonly LoadedModel[],
): Record<string, LoadProgress> {
  const settled = Object.values(progress).filter(
    (p) => p.phase === 'done' && loaded.some((m) => m.modelId === p.modelId),
  );
  return settled.reduce<Record<string, LoadProgress>>((acc, p) => withoutEntry(acc, p.modelId), { ...progress });
}

/** Whether the model can be loaded now, and if not, why (shown next to the disabled button). */
export function loadBlocker(
  model: InstalledModel,
  estimate: EstimateEntry | undefined,
  worker: WorkerStatus | null,
): string | null {
  if (model.problem) return `Can't load: ${model.problem}`;
  if (worker?.state === 'restarting') return 'The inference worker is restarting…';
  if (estimate?.estimate && !estimate.estimate.fits) {
    return `Doesn't fit the memory budget with these options.${estimate.estimate.suggestion ? ` ${estimate.estimate.suggestion}` : ''}`;
  }
  return null;
}
