import { useCallback, useEffect, useMemo } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { cx } from '../../components/cx';
import { RefreshIcon } from '../../components/icons';
import { Screen } from '../../components/Screen';
import { DEFAULT_FILTERS, cardVariantId, entryMatches, picksOf, visibleEntries } from '../../stores/catalogState';
import { catalogStore, useCatalogStore } from '../../stores/catalogStore';
import { CatalogCard, cardElementId } from './CatalogCard';
import { CatalogFiltersBar } from './CatalogFiltersBar';
import { DownloadsPanel } from './DownloadsPanel';
import { HfSearchCard } from './HfSearchCard';
import { MachineStrip } from './MachineStrip';
import { PackImportCard } from './PackImportCard';
import { RecommendedRow } from './RecommendedRow';
import { SkippedEntries } from './SkippedEntries';

export function CatalogScreen() {
  const view = useCatalogStore((s) => s.view);
  const loading = useCatalogStore((s) => s.loading);
  const loadError = useCatalogStore((s) => s.loadError);
  const filters = useCatalogStore((s) => s.filters);
  const selected = useCatalogStore((s) => s.selectedVariants);
  const refresh = useCatalogStore((s) => s.refresh);
  const selectVariant = useCatalogStore((s) => s.selectVariant);

  // The fit estimate may start the inference worker: only while this screen is open.
  useEffect(() => catalogStore.getState().watch(), []);

  const entries = useMemo(() => (view ? visibleEntries(view, filters) : []), [view, filters]);

  const showModel = useCallback(
    (modelId: string, variantId: string) => {
      const { view: current, filters: now, setFilters } = catalogStore.getState();
      const entry = current?.models.find((m) => m.id === modelId);
      if (entry && !entryMatches(entry, now)) setFilters(DEFAULT_FILTERS);
      selectVariant(modelId, variantId);
      requestAnimationFrame(() => document.getElementById(cardElementId(modelId))?.scrollIntoView({ block: 'start' }));
    },
    [selectVariant],
  );

  return (
    <Screen
      id="catalog"
      title="Catalog"
      description="Small models known to run well offline, with a fit estimate for this machine before you download."
      actions={
        <Button data-testid="catalog-refresh" onClick={() => void refresh()} disabled={loading}>
          <RefreshIcon size={14} className={cx(loading && 'animate-spin')} />
          {loading ? 'Checking…' : 'Refresh'}
        </Button>
      }
    >
      <div className="space-y-5">
        {loadError && (
          <Banner level="error" title="Could not read the catalog" data-testid="catalog-error">
            <p>{loadError.message}</p>
            {view && <p className="mt-1">The list below may be out of date.</p>}
          </Banner>
        )}
        {!view && !loadError && (
          <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="catalog-loading">
            Reading the catalog and estimating what fits…
          </p>
        )}
        {view && (
          <>
            <MachineStrip hardware={view.hardware} />
            <RecommendedRow view={view} onShow={showModel} />
          </>
        )}
        <DownloadsPanel />
        {view && (
          <section aria-labelledby="catalog-models-title" className="space-y-3">
            <div className="flex flex-wrap items-end justify-between gap-2">
              <h2 id="catalog-models-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
                Models
              </h2>
            </div>
            <CatalogFiltersBar shown={entries.length} total={view.models.length} />
            <SkippedEntries skipped={view.skipped} />
            {entries.length === 0 ? (
              <p
                className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
                data-testid="catalog-none-match"
              >
                {view.models.length === 0 ? 'The catalog is empty.' : 'No model matches these filters.'}
              </p>
            ) : (
              <div className="space-y-3">
                {entries.map((entry) => (
                  <CatalogCard
                    key={entry.id}
                    entry={entry}
                    variantId={cardVariantId(entry, selected, filters)}
                    picks={picksOf(view, entry.id)}
                    onSelectVariant={selectVariant}
                  />
                ))}
              </div>
            )}
          </section>
        )}
        <HfSearchCard />
        <PackImportCard />
      </div>
    </Screen>
  );
}
