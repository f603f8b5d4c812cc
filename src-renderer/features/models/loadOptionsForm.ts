/** The load options form as text the user types, and its parsing into contract `LoadOptions`. */
import { DEFAULT_SPECULATIVE, LoadOptions, type InstalledModel } from '@contract';
import { formatCount } from '../../lib/format';

/** Fields that take "auto" (empty) or a whole number; gpuLayers also takes "max". */
export type AutoNumberField = 'gpuLayers' | 'contextSize' | 'threads' | 'batchSize';
export type TextField = AutoNumberField | 'parallelSequences';
export type FlagField = 'mlock' | 'mmap';
export type FlashAttentionChoice = 'auto' | 'on' | 'off';

export type LoadOptionsDraft = Record<TextField, string> &
  Record<FlagField, boolean> & {
    flashAttention: FlashAttentionChoice;
    /** Speculative decoding: prompt lookup, and the draft model's id ('' = none; a draft wins over lookup). */
    inputLookup: boolean;
    draftModelId: string;
  };
export type FieldMessages = Partial<Record<TextField, string>>;

export interface ParsedDraft {
  /** Null while any field is invalid. */
  options: LoadOptions | null;
  errors: FieldMessages;
  /** Valid but worth a second look, e.g. a context above what the model was trained for. */
  warnings: FieldMessages;
}

interface Bounds {
  min: number;
  max: number;
  allowMax?: boolean;
}

/** Same limits as the contract's LoadOptions schema, stated here for the messages. */
export const FIELD_BOUNDS: Record<TextField, Bounds> = {
  gpuLayers: { min: 0, max: 1000, allowMax: true },
  contextSize: { min: 128, max: 1_048_576 },
  threads: { min: 1, max: 256 },
  batchSize: { min: 1, max: 65_536 },
  parallelSequences: { min: 1, max: 16 },
};

export type AutoNumber = 'auto' | 'max' | number;

/** "" and "auto" mean auto, "max" (where allowed) means every layer, else a whole number in bounds. */
export function parseAutoNumber(
  text: string,
  bounds: Bounds,
): { ok: true; value: AutoNumber } | { ok: false; error: string } {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'auto') return { ok: true, value: 'auto' };
  if (value === 'max' && bounds.allowMax) return { ok: true, value: 'max' };
  const range = `${formatCount(bounds.min)}–${formatCount(bounds.max)}`;
  const alternatives = bounds.allowMax ? ', “max”, or empty for Auto' : ' or empty for Auto';
  if (!/^\d+$/.test(value)) return { ok: false, error: `Enter a whole number (${range})${alternatives}` };
  const number = Number(value);
  if (number < bounds.min || number > bounds.max) return { ok: false, error: `Must be between ${range}` };
  return { ok: true, value: number };
}

function parseWhole(text: string, bounds: Bounds): { ok: true; value: number } | { ok: false; error: string } {
  const range = `${bounds.min}–${bounds.max}`;
  const value = text.trim();
  if (!/^\d+$/.test(value)) return { ok: false, error: `Enter a whole number (${range})` };
  const number = Number(value);
  if (number < bounds.min || number > bounds.max) return { ok: false, error: `Must be between ${range}` };
  return { ok: true, value: number };
}

const showAuto = (value: AutoNumber): string => (value === 'auto' ? '' : String(value));

export function draftFromOptions(options: LoadOptions): LoadOptionsDraft {
  return {
    gpuLayers: showAuto(options.gpuLayers),
    contextSize: showAuto(options.contextSize),
    threads: showAuto(options.threads),
    batchSize: showAuto(options.batchSize),
    parallelSequences: String(options.parallelSequences),
    flashAttention: options.flashAttention === 'auto' ? 'auto' : options.flashAttention ? 'on' : 'off',
    mlock: options.mlock,
    mmap: options.mmap,
    inputLookup: options.speculative.inputLookup,
    draftModelId: options.speculative.draftModelId ?? '',
  };
}

export function parseDraft(
  draft: LoadOptionsDraft,
  model?: Pick<InstalledModel, 'metadata'> & Partial<Pick<InstalledModel, 'loadOptions'>>,
): ParsedDraft {
  const errors: FieldMessages = {};
  const warnings: FieldMessages = {};
  const values: Partial<Record<TextField, AutoNumber>> = {};
  for (const field of ['gpuLayers', 'contextSize', 'threads', 'batchSize'] as const) {
    const parsed = parseAutoNumber(draft[field], FIELD_BOUNDS[field]);
    if (parsed.ok) values[field] = parsed.value;
    else errors[field] = parsed.error;
  }
  const sequences = parseWhole(draft.parallelSequences, FIELD_BOUNDS.parallelSequences);
  if (sequences.ok) values.parallelSequences = sequences.value;
  else errors.parallelSequences = sequences.error;

  const trained = model?.metadata?.contextLength ?? null;
  if (typeof values.contextSize === 'number' && trained !== null && values.contextSize > trained) {
    warnings.contextSize = `Above the ${formatCount(trained)} tokens this model was trained for; answers may degrade.`;
  }
  if (Object.keys(errors).length > 0) return { options: null, errors, warnings };

  // The schema is the last word: anything the checks above missed becomes a form error, not a bad request.
  const checked = LoadOptions.safeParse({
    ...values,
    flashAttention: draft.flashAttention === 'auto' ? 'auto' : draft.flashAttention === 'on',
    mlock: draft.mlock,
    mmap: draft.mmap,
    // The form edits the two switches; the rest of the model's speculative settings are kept as they are.
    speculative: {
      ...(model?.loadOptions?.speculative ?? DEFAULT_SPECULATIVE),
      inputLookup: draft.inputLookup,
      draftModelId: draft.draftModelId === '' ? null : draft.draftModelId,
    },
  });
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && field in FIELD_BOUNDS) errors[field as TextField] = issue.message;
    }
    return { options: null, errors, warnings };
  }
  return { options: checked.data, errors, warnings };
}

export function sameOptions(a: LoadOptions, b: LoadOptions): boolean {
  return (Object.keys(a) as (keyof LoadOptions)[]).every((key) =>
    key === 'speculative' ? sameSpeculative(a.speculative, b.speculative) : a[key] === b[key],
  );
}

function sameSpeculative(a: LoadOptions['speculative'], b: LoadOptions['speculative']): boolean {
  return (Object.keys(a) as (keyof LoadOptions['speculative'])[]).every((key) => a[key] === b[key]);
}
