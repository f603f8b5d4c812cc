import { Select } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { DEFAULT_FILTERS, PURPOSE_ORDER, SIZE_LIMITS, type SizeLimit } from '../../stores/catalogState';
import { useCatalogStore } from '../../stores/catalogStore';
import { PURPOSE_LABELS } from './catalogText';

const SIZE_LABELS: Record<SizeLimit, string> = {
  any: 'Any size',
  '1': 'Up to 1 GiB',
  '3': 'Up to 3 GiB',
  '8': 'Up to 8 GiB',
};

const isSizeLimit = (value: string): value is SizeLimit => (SIZE_LIMITS as readonly string[]).includes(value);

export function CatalogFiltersBar({ shown, total }: { shown: number; total: number }) {
  const filters = useCatalogStore((s) => s.filters);
  const setFilters = useCatalogStore((s) => s.setFilters);
  const filtered = JSON.stringify(filters) !== JSON.stringify(DEFAULT_FILTERS);

  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter the catalog">
      <label htmlFor="catalog-filter-text" className="sr-only">
        Filter by name
      </label>
      <TextInput
        id="catalog-filter-text"
        data-testid="catalog-filter-text"
        type="search"
        placeholder="Filter by name, publisher…"
        className="min-w-48 flex-1"
        value={filters.text}
        onChange={(e) => setFilters({ text: e.target.value })}
      />
      <label htmlFor="catalog-filter-purpose" className="sr-only">
        Purpose
      </label>
      <Select
        id="catalog-filter-purpose"
        data-testid="catalog-filter-purpose"
        className="min-w-0"
        value={filters.purpose}
        onChange={(e) => {
          const value = PURPOSE_ORDER.find((p) => p === e.target.value);
          setFilters({ purpose: value ?? 'all' });
        }}
      >
        <option value="all">Every purpose</option>
        {PURPOSE_ORDER.map((purpose) => (
          <option key={purpose} value={purpose}>
            {PURPOSE_LABELS[purpose]}
          </option>
        ))}
      </Select>
      <label htmlFor="catalog-filter-size" className="sr-only">
        Download size
      </label>
      <Select
        id="catalog-filter-size"
        data-testid="catalog-filter-size"
        className="min-w-0"
        value={filters.size}
        onChange={(e) => setFilters({ size: isSizeLimit(e.target.value) ? e.target.value : 'any' })}
      >
        {SIZE_LIMITS.map((limit) => (
          <option key={limit} value={limit}>
            {SIZE_LABELS[limit]}
          </option>
        ))}
      </Select>
      <label htmlFor="catalog-filter-fit" className="sr-only">
        Fit
      </label>
      <Select
        id="catalog-filter-fit"
        data-testid="catalog-filter-fit"
        className="min-w-0"
        value={filters.fit}
        onChange={(e) => setFilters({ fit: e.target.value === 'fits' ? 'fits' : 'all' })}
      >
        <option value="all">Fits or not</option>
        <option value="fits">Fits this machine</option>
      </Select>
      <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400" aria-live="polite">
        {filtered ? `${shown} of ${total} models` : `${total} models`}
      </span>
    </div>
  );
}
