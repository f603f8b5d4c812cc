import { memo } from 'react';
import type { CatalogEntry, Purpose } from '@contract';
import { Badge } from '../../components/Badge';
import { Select } from '../../components/Field';
import { formatCount } from '../../lib/format';
import { fitOf } from '../../stores/catalogState';
import { PURPOSE_LABELS, variantOptionLabel } from './catalogText';
import { DownloadAction } from './DownloadAction';
import { VariantFit, VariantFlags } from './VariantDetails';

export interface CatalogCardProps {
  entry: CatalogEntry;
  /** The variant shown (picked by the user, or the store's default for the filters). */
  variantId: string;
  /** Purposes this model is the machine's pick for. */
  picks: readonly Purpose[];
  onSelectVariant(modelId: string, variantId: string): void;
}

export const cardElementId = (modelId: string) => `catalog-card-${modelId}`;

/** One curated model: what it is, its variants with "will it fit?", and Download. */
export const CatalogCard = memo(function CatalogCard({ entry, variantId, picks, onSelectVariant }: CatalogCardProps) {
  const variant = entry.variants.find((v) => v.id === variantId) ?? entry.variants[0];
  if (!variant) return null;
  const fit = fitOf(entry, variant.id);
  const selectId = `variant-select-${entry.id}`;

  return (
    <article
      id={cardElementId(entry.id)}
      data-testid="catalog-card"
      data-model-id={entry.id}
      aria-labelledby={`${selectId}-title`}
      className="scroll-mt-4 rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="px-5 pt-4 pb-3.5">
        <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
          <div className="min-w-0">
            <h3 id={`${selectId}-title`} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
              {entry.name}
            </h3>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{entry.publisher}</p>
          </div>
          {picks.length > 0 && (
            <p className="text-xs font-medium text-emerald-700 dark:text-emerald-400" data-testid="catalog-card-picks">
              Pick for {picks.map((p) => PURPOSE_LABELS[p].toLowerCase()).join(', ')}
            </p>
          )}
        </div>
        <p className="mt-1.5 text-sm leading-relaxed text-zinc-700 dark:text-zinc-300">{entry.description}</p>
        <div className="mt-2.5 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
          {entry.purposes.map((purpose) => (
            <Badge key={purpose}>{PURPOSE_LABELS[purpose]}</Badge>
          ))}
          {entry.toolCalling && (
            <span title="Trained to call tools (functions); agents need this">
              <Badge tone="accent">Tool calling</Badge>
            </span>
          )}
          <span className="ml-1" data-testid="catalog-card-facts">
            {entry.parameterCountB}B params · {formatCount(entry.contextLength)} ctx · {entry.format.toUpperCase()} ·{' '}
            <a
              href={entry.license.url}
              target="_blank"
              rel="noopener noreferrer"
              title={`Licence: ${entry.license.url}`}
              className="underline decoration-zinc-300 underline-offset-2 hover:text-zinc-800 dark:decoration-zinc-600 dark:hover:text-zinc-200"
            >
              {entry.license.id}
            </a>
          </span>
        </div>
      </div>

      <div className="flex flex-wrap items-start justify-between gap-4 border-t border-zinc-100 bg-zinc-50/60 px-5 py-3.5 dark:border-zinc-800 dark:bg-zinc-950/30">
        <div className="min-w-0 flex-1 space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor={selectId} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
              Variant
            </label>
            <Select
              id={selectId}
              data-testid="variant-select"
              className="max-w-full min-w-0 py-1 text-[0.8125rem]"
              value={variant.id}
              onChange={(e) => onSelectVariant(entry.id, e.target.value)}
            >
              {entry.variants.map((v) => (
                <option key={v.id} value={v.id}>
                  {variantOptionLabel(v, fitOf(entry, v.id), {
                    recommended: v.id === entry.recommendedVariantId,
                    installed: entry.installedVariantIds.includes(v.id),
                  })}
                </option>
              ))}
            </Select>
            <VariantFlags entry={entry} variant={variant} />
          </div>
          <VariantFit fit={fit} unverified={variant.files.some((f) => f.sha256 === null)} />
        </div>
        <DownloadAction entry={entry} variant={variant} fit={fit} />
      </div>
    </article>
  );
});
