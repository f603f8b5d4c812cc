/** The model picker's choices: installed models with their memory fit, then catalog models not on disk yet. */
import type { CatalogEntry, CatalogView, FitEstimate, FitVerdict, InstalledModel, RemoteModelChoice } from '@contract';
import type { BadgeTone } from '../../../components/Badge';
import { variantSizeBytes } from '../../../stores/catalogState';
import type { EstimateEntry } from '../../../stores/modelsState';
import { VERDICT_TONES, verdictLabel } from '../../catalog/catalogText';

export interface FitBadge {
  tone: BadgeTone;
  label: string;
}

export interface ModelChoice {
  id: string;
  label: string;
  group: 'installed' | 'catalog' | 'remote' | 'unknown';
  sizeBytes: number | null;
  fit: FitBadge | null;
  /** Catalog models only: false until a variant is on disk (the agent then asks to download it). */
  downloaded: boolean;
  problem: string | null;
}

const VERDICT_RANK: Record<FitVerdict, number> = { gpu: 0, partial: 1, cpu: 2, no: 3 };

function installedFit(entry: EstimateEntry | undefined): FitBadge | null {
  if (!entry) return null;
  if (entry.estimate) {
    return entry.estimate.fits ? { tone: 'success', label: 'Fits' } : { tone: 'danger', label: "Won't fit" };
  }
  if (entry.pending) return { tone: 'neutral', label: 'Checking fit…' };
  return null;
}

/** The catalog's own pick for this machine, else the variant that fits best. */
function bestFit(entry: CatalogEntry): FitEstimate | null {
  const recommended = entry.fit.find((fit) => fit.variantId === entry.recommendedVariantId);
  if (recommended) return recommended;
  return [...entry.fit].sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict])[0] ?? null;
}

function isChatModel(entry: CatalogEntry): boolean {
  return entry.format === 'gguf' && entry.purposes.some((purpose) => purpose !== 'embedding');
}

export function modelChoices(
  installed: readonly InstalledModel[],
  estimates: Readonly<Record<string, EstimateEntry>>,
  catalog: CatalogView | null,
  current: readonly string[] = [],
  remote: readonly RemoteModelChoice[] = [],
): ModelChoice[] {
  const choices: ModelChoice[] = installed.map((model) => ({
    id: model.id,
    label: model.metadata?.name ? `${model.id} (${model.metadata.name})` : model.id,
    group: 'installed',
    sizeBytes: model.sizeBytes,
    fit: installedFit(estimates[model.id]),
    downloaded: true,
    problem: model.problem,
  }));
  for (const entry of catalog?.models ?? []) {
    if (!isChatModel(entry) || choices.some((choice) => choice.id === entry.id)) continue;
    const fit = bestFit(entry);
    const variant = entry.variants.find((v) => v.id === fit?.variantId) ?? entry.variants[0];
    choices.push({
      id: entry.id,
      label: entry.name,
      group: 'catalog',
      sizeBytes: variant ? variantSizeBytes(variant) : null,
      fit: fit ? { tone: VERDICT_TONES[fit.verdict], label: verdictLabel(fit) } : null,
      downloaded: entry.installedVariantIds.length > 0,
      problem: null,
    });
  }
  // Models on other machines (Settings → Nodes) and pools of them.
  for (const r of remote) {
    choices.push({
      id: r.ref,
      label: r.label,
      group: 'remote',
      sizeBytes: null,
      fit: null,
      downloaded: true,
      problem: r.available ? null : 'Node is down or disabled',
    });
  }
  // A saved or imported agent may name a model this machine has never heard of: keep it selectable.
  for (const id of current) {
    if (id.trim() === '' || choices.some((choice) => choice.id === id)) continue;
    choices.push({
      id,
      label: id,
      group: 'unknown',
      sizeBytes: null,
      fit: null,
      downloaded: false,
      problem: 'Not installed and not in the catalog',
    });
  }
  return choices;
}

/** One line for an <option>: name, size, and whether it is on disk. */
export function choiceText(choice: ModelChoice, formatSize: (bytes: number) => string): string {
  const parts = [choice.label];
  if (choice.sizeBytes !== null) parts.push(formatSize(choice.sizeBytes));
  if (choice.group === 'catalog') parts.push(choice.downloaded ? 'downloaded' : 'not downloaded');
  if (choice.fit) parts.push(choice.fit.label.toLowerCase());
  if (choice.group === 'unknown') parts.push('not found');
  return parts.join(' · ');
}
