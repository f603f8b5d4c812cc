/** Shapes and pure helpers of the catalog store: filters, the variant shown per card, search, token, packs. */
import type {
  CatalogEntry,
  CatalogVariant,
  CatalogView,
  FitEstimate,
  ImportProgress,
  InstalledModel,
  Purpose,
  RouteOutput,
} from '@contract';
import type { ShownError } from '../lib/errors';

export type HfSearchResult = RouteOutput<'catalog.search'>[number];

export const PURPOSE_ORDER: readonly Purpose[] = ['routing', 'chat', 'coding', 'reasoning', 'embedding', 'reranking'];

/** Largest download per variant the size filter allows, in GiB; 'any' allows all. */
export const SIZE_LIMITS = ['any', '1', '3', '8'] as const;
export type SizeLimit = (typeof SIZE_LIMITS)[number];

export interface CatalogFilters {
  purpose: Purpose | 'all';
  size: SizeLimit;
  /** 'fits': hide variants whose verdict is "won't fit". */
  fit: 'all' | 'fits';
  text: string;
}

export const DEFAULT_FILTERS: CatalogFilters = { purpose: 'all', size: 'any', fit: 'all', text: '' };

export interface SearchState {
  query: string;
  status: 'idle' | 'running' | 'done' | 'failed';
  results: readonly HfSearchResult[];
  error: ShownError | null;
}

export interface TokenState {
  /** null until asked. The token itself never comes back from the core. */
  hasToken: boolean | null;
  saving: boolean;
  error: ShownError | null;
}

export interface PackImportState {
  path: string;
  status: 'running' | 'done' | 'failed';
  /** The file being copied now, from `models.importProgress`. */
  currentFile: string | null;
  copiedBytes: number;
  totalBytes: number;
  error: ShownError | null;
  added: readonly InstalledModel[];
}

export interface CatalogData {
  view: CatalogView | null;
  loading: boolean;
  loadError: ShownError | null;
  filters: CatalogFilters;
  /** Variants the user picked, per model; other cards show `cardVariantId`'s choice. */
  selectedVariants: Readonly<Record<string, string>>;
  search: SearchState;
  token: TokenState;
  pack: PackImportState | null;
}

export interface CatalogActions {
  refresh(): Promise<void>;
  /** While watched (the Catalog screen is open), installs and reconnects refresh the view. */
  watch(): () => void;
  setFilters(patch: Partial<CatalogFilters>): void;
  selectVariant(modelId: string, variantId: string): void;
  runSearch(query: string): Promise<void>;
  loadTokenStatus(): Promise<void>;
  saveToken(token: string | null): Promise<boolean>;
  importPack(path: string): Promise<boolean>;
  dismissPack(): void;
  receivePackProgress(event: ImportProgress): void;
  /** Installed models changed (a download finished, a model was removed): "Installed" badges may differ. */
  receiveModelsChanged(): void;
  receiveReconnect(): void;
}

export type CatalogState = CatalogData & CatalogActions;

export const INITIAL_CATALOG_DATA: CatalogData = {
  view: null,
  loading: false,
  loadError: null,
  filters: DEFAULT_FILTERS,
  selectedVariants: {},
  search: { query: '', status: 'idle', results: [], error: null },
  token: { hasToken: null, saving: false, error: null },
  pack: null,
};

const GIB = 1024 ** 3;

export function variantSizeBytes(variant: CatalogVariant): number {
  return variant.files.reduce((sum, file) => sum + file.sizeBytes, 0);
}

export function fitOf(entry: CatalogEntry, variantId: string): FitEstimate | null {
  return entry.fit.find((f) => f.variantId === variantId) ?? null;
}

function variantPasses(entry: CatalogEntry, variant: CatalogVariant, filters: CatalogFilters): boolean {
  if (filters.size !== 'any' && variantSizeBytes(variant) > Number(filters.size) * GIB) return false;
  return filters.fit === 'all' || fitOf(entry, variant.id)?.verdict !== 'no';
}

function textMatches(entry: CatalogEntry, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    entry.id,
    entry.name,
    entry.publisher,
    entry.description,
    entry.license.id,
    ...entry.purposes,
    ...entry.variants.map((v) => v.quantization),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function entryMatches(entry: CatalogEntry, filters: CatalogFilters): boolean {
  if (filters.purpose !== 'all' && !entry.purposes.includes(filters.purpose)) return false;
  if (!textMatches(entry, filters.text)) return false;
  return entry.variants.some((variant) => variantPasses(entry, variant, filters));
}

/**
 * The variant a card shows: the user's pick; else the recommended one if the filters allow it; else the
 * largest (finest) variant the filters allow, preferring one that fits; else the first.
 */
export function cardVariantId(
  entry: CatalogEntry,
  selected: Readonly<Record<string, string>>,
  filters: CatalogFilters = DEFAULT_FILTERS,
): string {
  const picked = selected[entry.id];
  if (picked !== undefined && entry.variants.some((v) => v.id === picked)) return picked;
  const allowed = entry.variants.filter((v) => variantPasses(entry, v, filters));
  const recommended = allowed.find((v) => v.id === entry.recommendedVariantId);
  if (recommended) return recommended.id;
  const fitting = allowed.filter((v) => fitOf(entry, v.id)?.verdict !== 'no');
  const pool = fitting.length > 0 ? fitting : allowed;
  const finest = [...pool].sort((a, b) => variantSizeBytes(b) - variantSizeBytes(a))[0];
  return finest?.id ?? entry.variants[0]?.id ?? '';
}

/** The purposes this model is this machine's pick for, in purpose order. */
export function picksOf(view: CatalogView, modelId: string): Purpose[] {
  return PURPOSE_ORDER.filter((purpose) =>
    view.recommended.some((pick) => pick.purpose === purpose && pick.modelId === modelId),
  );
}

/** Recommended first: per-purpose picks (in purpose order), then models that fit, then the rest; else catalog order. */
export function visibleEntries(view: CatalogView, filters: CatalogFilters): CatalogEntry[] {
  const rank = (entry: CatalogEntry): number => {
    const firstPick = picksOf(view, entry.id)[0];
    if (firstPick !== undefined) return PURPOSE_ORDER.indexOf(firstPick);
    return entry.recommendedVariantId !== null ? PURPOSE_ORDER.length : PURPOSE_ORDER.length + 1;
  };
  return view.models
    .map((entry, index) => ({ entry, index, rank: rank(entry) }))
    .filter(({ entry }) => entryMatches(entry, filters))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ entry }) => entry);
}
