import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogView, FitVerdict } from '../../../src-preload/contract/catalog';
import { createMemoryLogger } from '../testing/testPorts';
import { loadCatalog } from './catalogFile';
import { estimateFit, type FitHardware } from './fitEstimate';
import { GIB } from './fitMath';
import { buildCatalogView } from './recommend';

const { models } = loadCatalog(path.resolve('resources/catalog.json'), createMemoryLogger());
const RANK: Record<FitVerdict, number> = { no: 0, cpu: 1, partial: 2, gpu: 3 };

const PROFILES = {
  laptop8: { totalRamBytes: 8 * GIB, freeRamBytes: 5 * GIB, gpu: null },
  gaming16: {
    totalRamBytes: 16 * GIB,
    freeRamBytes: 10 * GIB,
    gpu: { name: 'RTX 3060 6 GB', vramTotalBytes: 6 * GIB, vramFreeBytes: 5.5 * GIB },
  },
  cpu24: { totalRamBytes: 24 * GIB, freeRamBytes: 20 * GIB, gpu: null },
  workstation64: {
    totalRamBytes: 64 * GIB,
    freeRamBytes: 50 * GIB,
    gpu: { name: 'RTX 4090', vramTotalBytes: 24 * GIB, vramFreeBytes: 23 * GIB },
  },
  tiny4: { totalRamBytes: 4 * GIB, freeRamBytes: 2 * GIB, gpu: null },
} satisfies Record<string, FitHardware>;

function view(hardware: FitHardware): CatalogView {
  return buildCatalogView({ models, skipped: [], hardware, installedFileNames: new Set() });
}
const pick = (v: CatalogView, purpose: string) => v.recommended.find((r) => r.purpose === purpose)?.variantId;
const verdictOf = (v: CatalogView, variantId: string) =>
  v.models.flatMap((m) => m.fit).find((f) => f.variantId === variantId)?.verdict;

describe('recommendations on fixed hardware profiles', () => {
  it('8 GiB laptop without GPU: everything on the CPU, small models, the 14B model mostly out of reach', () => {
    const v = view(PROFILES.laptop8);
    expect(v.models.flatMap((m) => m.fit).every((f) => f.verdict === 'cpu' || f.verdict === 'no')).toBe(true);
    expect(pick(v, 'routing')).toBe('qwen2.5-0.5b-instruct-q8-0');
    expect(pick(v, 'chat')).toBe('phi-4-mini-instruct-q8-0');
    expect(verdictOf(v, 'phi-4-q8-0')).toBe('no');
    expect(pick(v, 'embedding')).toMatch(/^all-minilm-l6-v2-/);
    expect(pick(v, 'reranking')).toMatch(/^ms-marco-minilm-l6-v2-/);
  });

  it('16 GiB + 6 GiB VRAM: small models fully on the GPU, Phi-4 partially offloaded, never picked over a GPU fit', () => {
    const v = view(PROFILES.gaming16);
    expect(verdictOf(v, 'phi-4-mini-instruct-q8-0')).toBe('gpu');
    expect(verdictOf(v, 'phi-4-q4-k-m')).toBe('partial');
    const phi4 = v.models.find((m) => m.id === 'phi-4')!.fit.find((f) => f.variantId === 'phi-4-q4-k-m')!;
    expect(phi4.gpuLayers).toBeGreaterThan(8);
    expect(phi4.gpuLayers).toBeLessThan(40);
    for (const purpose of ['chat', 'coding', 'reasoning']) expect(verdictOf(v, pick(v, purpose)!)).toBe('gpu');
  });

  it('24 GiB CPU-only (this machine): a 3-4B model at Q8_0 for chat, Qwen2.5-0.5B Q8_0 for routing', () => {
    const v = view(PROFILES.cpu24);
    expect(pick(v, 'routing')).toBe('qwen2.5-0.5b-instruct-q8-0');
    expect(['phi-4-mini-instruct-q8-0', 'phi-4-mini-instruct-q5-k-m', 'qwen2.5-3b-instruct-q8-0']).toContain(
      pick(v, 'chat'),
    );
    // Phi-4 fits but would crawl on the CPU: shown, yet not recommended for a purpose.
    expect(verdictOf(v, 'phi-4-q8-0')).toBe('cpu');
    expect(v.recommended.some((r) => r.modelId === 'phi-4')).toBe(false);
  });

  it('64 GiB + 24 GiB VRAM: everything on the GPU, the 14B model for reasoning', () => {
    const v = view(PROFILES.workstation64);
    const ggufFits = v.models.filter((m) => m.format === 'gguf').flatMap((m) => m.fit);
    expect(ggufFits.every((f) => f.verdict === 'gpu')).toBe(true);
    expect(pick(v, 'reasoning')).toBe('phi-4-q8-0');
  });

  it('4 GiB RAM: only small models; still a pick for every purpose and never a `no`', () => {
    const v = view(PROFILES.tiny4);
    expect(verdictOf(v, 'phi-4-mini-instruct-q4-k-m')).toBe('no');
    expect(v.recommended.map((r) => r.purpose).sort()).toEqual([
      'chat',
      'coding',
      'embedding',
      'reasoning',
      'reranking',
      'routing',
    ]);
    for (const r of v.recommended) expect(verdictOf(v, r.variantId)).not.toBe('no');
    expect(v.models.find((m) => m.id === 'phi-4')?.recommendedVariantId).toBeNull();
  });

  it('marks installed variants and passes skipped entries through', () => {
    const v = buildCatalogView({
      models,
      skipped: [{ index: 3, id: 'x', reason: 'bad' }],
      hardware: PROFILES.cpu24,
      installedFileNames: new Set(['qwen2.5-0.5b-instruct-q4_k_m.gguf']),
    });
    expect(v.models.find((m) => m.id === 'qwen2.5-0.5b-instruct')?.installedVariantIds).toEqual([
      'qwen2.5-0.5b-instruct-q4-k-m',
    ]);
    expect(v.skipped).toEqual([{ index: 3, id: 'x', reason: 'bad' }]);
  });

  it('uses insights for files on disk', () => {
    const insights = { ramBytes: GIB, vramBytes: 0, gpuLayers: 0, contextSize: 4096 };
    const v = buildCatalogView({
      models,
      skipped: [],
      hardware: PROFILES.cpu24,
      installedFileNames: new Set(),
      insightsFor: (file) => (file === 'qwen2.5-3b-instruct-q8_0.gguf' ? insights : undefined),
    });
    const fits = v.models.find((m) => m.id === 'qwen2.5-3b-instruct')!.fit;
    expect(fits.map((f) => f.method)).toEqual(['formula', 'formula', 'formula', 'insights']);
  });

  it('is monotonic across the profiles: more memory never gives a worse verdict', () => {
    const ordered = [PROFILES.tiny4, PROFILES.laptop8, PROFILES.cpu24, PROFILES.workstation64];
    const views = ordered.map(view);
    for (let i = 1; i < views.length; i++) {
      const before = views[i - 1]!.models.flatMap((m) => m.fit);
      const after = views[i]!.models.flatMap((m) => m.fit);
      before.forEach((fit, j) => expect(RANK[after[j]!.verdict]).toBeGreaterThanOrEqual(RANK[fit.verdict]));
    }
  });
});

describe('fit properties', () => {
  const variants = models.flatMap((model) => model.variants.map((variant) => ({ model, variant })));
  const anyVariant = fc.integer({ min: 0, max: variants.length - 1 }).map((i) => variants[i]!);
  const gib = (max: number) => fc.double({ min: 0, max, noNaN: true }).map((g) => g * GIB);

  it('never says gpu without a GPU', () => {
    fc.assert(
      fc.property(anyVariant, gib(512), fc.integer({ min: 1, max: 131072 }), ({ model, variant }, ram, context) => {
        const fit = estimateFit(
          model,
          variant,
          { totalRamBytes: ram, freeRamBytes: ram, gpu: null },
          { contextSize: context },
        );
        expect(fit.verdict).not.toBe('gpu');
        expect(fit.vramBytes).toBe(0);
        expect(fit.gpuLayers).toBe(0);
      }),
    );
  });

  it('is monotonic in RAM and in VRAM', () => {
    fc.assert(
      fc.property(
        anyVariant,
        gib(128),
        gib(64),
        gib(48),
        gib(24),
        ({ model, variant }, ram, moreRam, vram, moreVram) => {
          const hardware = (r: number, v: number): FitHardware => ({
            totalRamBytes: r,
            freeRamBytes: r / 2,
            gpu: { name: 'g', vramTotalBytes: v, vramFreeBytes: v },
          });
          const base = RANK[estimateFit(model, variant, hardware(ram, vram)).verdict];
          expect(RANK[estimateFit(model, variant, hardware(ram + moreRam, vram)).verdict]).toBeGreaterThanOrEqual(base);
          expect(RANK[estimateFit(model, variant, hardware(ram, vram + moreVram)).verdict]).toBeGreaterThanOrEqual(
            base,
          );
          const cpu = RANK[estimateFit(model, variant, { totalRamBytes: ram, freeRamBytes: ram, gpu: null }).verdict];
          expect(base).toBeGreaterThanOrEqual(cpu); // adding a GPU never hurts either
        },
      ),
    );
  });

  it('keeps partial offload within the layer count and never plans more than 90% of free VRAM', () => {
    fc.assert(
      fc.property(anyVariant, gib(64), gib(32), ({ model, variant }, ram, vram) => {
        const fit = estimateFit(model, variant, {
          totalRamBytes: ram,
          freeRamBytes: ram,
          gpu: { name: 'g', vramTotalBytes: vram, vramFreeBytes: vram },
        });
        expect(fit.gpuLayers).toBeLessThanOrEqual(model.shape?.layers ?? 0);
        if (fit.verdict === 'gpu' || fit.verdict === 'partial')
          expect(fit.vramBytes).toBeLessThanOrEqual(vram * 0.9 + 1);
        if (fit.verdict === 'no') expect(fit.headroomBytes).toBeLessThan(0);
      }),
    );
  });
});
