import { describe, expect, it } from 'vitest';
import { catalogEntry, catalogView, fitEstimate } from '../testing/catalogFixtures';
import {
  DEFAULT_FILTERS,
  cardVariantId,
  entryMatches,
  picksOf,
  variantSizeBytes,
  visibleEntries,
  type CatalogFilters,
} from './catalogState';

const filters = (patch: Partial<CatalogFilters>): CatalogFilters => ({ ...DEFAULT_FILTERS, ...patch });
const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

describe('catalog filters', () => {
  const view = catalogView();

  it('sorts machine picks first, then models that fit, then the rest, else in catalog order', () => {
    const coder = catalogEntry({ id: 'coder', purposes: ['coding'] });
    const sorted = visibleEntries({ ...view, models: [...view.models, coder] }, DEFAULT_FILTERS);
    expect(ids(sorted)).toEqual(['qwen', 'coder', 'big']);
  });

  it('filters by purpose, by text over name, publisher and quantization, and by fit', () => {
    expect(ids(visibleEntries(view, filters({ purpose: 'coding' })))).toEqual(['big']);
    expect(ids(visibleEntries(view, filters({ purpose: 'embedding' })))).toEqual([]);
    expect(ids(visibleEntries(view, filters({ text: 'example LABS' })))).toEqual(['big']);
    expect(ids(visibleEntries(view, filters({ text: 'qwen q8_0' })))).toEqual(['qwen']);
    expect(ids(visibleEntries(view, filters({ fit: 'fits' })))).toEqual(['qwen']);
  });

  it('keeps a model when any variant is within the size limit and fits', () => {
    const small = filters({ size: '1' });
    expect(entryMatches(catalogEntry(), small)).toBe(true);
    const huge = catalogEntry({
      variants: catalogEntry().variants.map((v) => ({
        ...v,
        files: v.files.map((f) => ({ ...f, sizeBytes: 2 * 1024 ** 3 })),
      })),
    });
    expect(entryMatches(huge, small)).toBe(false);
    expect(entryMatches(huge, filters({ size: '3' }))).toBe(true);
    expect(variantSizeBytes(huge.variants[0]!)).toBe(2 * 1024 ** 3);
  });

  it('names the purposes a model is picked for, in purpose order', () => {
    expect(picksOf(view, 'qwen')).toEqual(['routing', 'chat']);
    expect(picksOf(view, 'big')).toEqual([]);
  });
});

describe('cardVariantId', () => {
  const entry = catalogEntry();

  it('shows the user pick, else the recommended variant', () => {
    expect(cardVariantId(entry, {})).toBe('qwen-q8');
    expect(cardVariantId(entry, { qwen: 'qwen-q2' })).toBe('qwen-q2');
    // A pick that no longer exists (catalog changed) falls back.
    expect(cardVariantId(entry, { qwen: 'gone' })).toBe('qwen-q8');
  });

  it('follows the size filter to the finest variant that fits it', () => {
    const sized = catalogEntry({
      variants: entry.variants.map((v, i) => ({
        ...v,
        files: v.files.map((f) => ({ ...f, sizeBytes: (i + 1) * 0.9 * 1024 ** 3 })),
      })),
    });
    expect(cardVariantId(sized, {}, filters({ size: '1' }))).toBe('qwen-q2');
    expect(cardVariantId(sized, {}, filters({ size: '3' }))).toBe('qwen-q8');
  });

  it('prefers a variant that fits when nothing is recommended', () => {
    const partly = catalogEntry({
      recommendedVariantId: null,
      fit: [
        fitEstimate({ variantId: 'qwen-q2' }),
        fitEstimate({ variantId: 'qwen-q4' }),
        fitEstimate({ variantId: 'qwen-q8', verdict: 'no' }),
      ],
    });
    expect(cardVariantId(partly, {})).toBe('qwen-q4');
    const none = catalogEntry({ recommendedVariantId: null, fit: [] });
    expect(cardVariantId(none, {})).toBe('qwen-q8');
  });
});
