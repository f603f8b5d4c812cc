import type { CatalogView } from '@contract';
import { Badge } from '../../components/Badge';
import { cx } from '../../components/cx';
import { PURPOSE_ORDER, fitOf } from '../../stores/catalogState';
import { PURPOSE_LABELS, VERDICT_TONES, verdictLabel } from './catalogText';

export interface RecommendedRowProps {
  view: CatalogView;
  /** Shows that model's card with the picked variant selected. */
  onShow(modelId: string, variantId: string): void;
}

/** Per purpose, the model and variant this machine runs best; a purpose nothing fits says so. */
export function RecommendedRow({ view, onShow }: RecommendedRowProps) {
  return (
    <section aria-labelledby="catalog-recommended-title">
      <h2
        id="catalog-recommended-title"
        className="mb-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400"
      >
        Recommended for this machine
      </h2>
      <ul className="grid gap-2 sm:grid-cols-3 lg:grid-cols-5">
        {PURPOSE_ORDER.map((purpose) => {
          const pick = view.recommended.find((p) => p.purpose === purpose);
          const entry = pick && view.models.find((m) => m.id === pick.modelId);
          const variant = pick && entry?.variants.find((v) => v.id === pick.variantId);
          const fit = pick && entry ? fitOf(entry, pick.variantId) : null;
          return (
            <li key={purpose} data-testid="catalog-recommended" data-purpose={purpose} data-model-id={pick?.modelId}>
              <button
                type="button"
                disabled={!pick}
                onClick={() => pick && onShow(pick.modelId, pick.variantId)}
                className={cx(
                  'flex h-full w-full flex-col items-start gap-1 rounded-lg border px-3 py-2.5 text-left transition-colors',
                  'border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900',
                  'enabled:hover:border-emerald-300 enabled:hover:bg-emerald-50/40 dark:enabled:hover:border-emerald-800 dark:enabled:hover:bg-emerald-950/30',
                  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-500',
                )}
              >
                <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{PURPOSE_LABELS[purpose]}</span>
                {entry && variant ? (
                  <>
                    <span className="text-sm leading-snug font-semibold text-zinc-900 dark:text-zinc-100">
                      {entry.name}
                    </span>
                    <span className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                      {variant.quantization}
                      {fit && <Badge tone={VERDICT_TONES[fit.verdict]}>{verdictLabel(fit)}</Badge>}
                    </span>
                  </>
                ) : (
                  <span className="text-sm text-zinc-500 dark:text-zinc-400">Nothing in the catalog fits</span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
