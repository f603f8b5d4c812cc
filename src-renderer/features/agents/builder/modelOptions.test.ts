import { describe, expect, it } from 'vitest';
import { catalogEntry, catalogView } from '../../../testing/catalogFixtures';
import { installedModel, memoryEstimate } from '../../../testing/modelFixtures';
import { choiceText, modelChoices } from './modelOptions';

const estimateEntry = (fits: boolean) => ({
  optionsKey: 'k',
  estimate: memoryEstimate({ fits }),
  error: null,
  pending: false,
});

describe('modelChoices', () => {
  it('lists installed models first with size and fit', () => {
    const choices = modelChoices(
      [installedModel({ id: 'tiny-q8', sizeBytes: 130_000, metadata: null }), installedModel({ id: 'big' })],
      { 'tiny-q8': estimateEntry(true), big: estimateEntry(false) },
      null,
    );
    expect(choices.map((c) => [c.id, c.group, c.fit?.label])).toEqual([
      ['tiny-q8', 'installed', 'Fits'],
      ['big', 'installed', "Won't fit"],
    ]);
    expect(choices[0]?.sizeBytes).toBe(130_000);
  });

  it('adds catalog chat models with the recommended variant fit, marked not downloaded', () => {
    const view = catalogView({
      models: [
        catalogEntry(),
        catalogEntry({ id: 'embed', purposes: ['embedding'] }),
        catalogEntry({ id: 'onnx', format: 'onnx' }),
        catalogEntry({ id: 'got', installedVariantIds: ['got-q4'] }),
      ],
    });
    const choices = modelChoices([], {}, view);
    expect(choices.map((c) => c.id)).toEqual(['qwen', 'got']);
    expect(choices[0]).toMatchObject({ group: 'catalog', downloaded: false, sizeBytes: 675_710_816 });
    expect(choices[0]?.fit).toEqual({ tone: 'neutral', label: 'CPU only' });
    expect(choices[1]?.downloaded).toBe(true);
  });

  it('falls back to the best-fitting variant when nothing is recommended', () => {
    const entry = catalogEntry({ recommendedVariantId: null });
    entry.fit = [
      { ...entry.fit[0]!, verdict: 'no' },
      { ...entry.fit[1]!, verdict: 'partial', gpuLayers: 3 },
      { ...entry.fit[2]!, verdict: 'no' },
    ];
    const [choice] = modelChoices([], {}, catalogView({ models: [entry] }));
    expect(choice?.fit?.label).toBe('Partial GPU offload (3 layers)');
    expect(choice?.sizeBytes).toBe(491_400_032);
  });

  it('keeps a model the agent names even when nobody knows it', () => {
    const choices = modelChoices([installedModel({ id: 'tiny-q8' })], {}, null, ['tiny-q8', 'ghost', '']);
    expect(choices.map((c) => [c.id, c.group])).toEqual([
      ['tiny-q8', 'installed'],
      ['ghost', 'unknown'],
    ]);
  });

  it('spells an option line', () => {
    const [catalog] = modelChoices([], {}, catalogView({ models: [catalogEntry()] }));
    expect(choiceText(catalog!, (b) => `${b} B`)).toBe(
      'Qwen2.5 0.5B Instruct · 675710816 B · not downloaded · cpu only',
    );
  });
});
