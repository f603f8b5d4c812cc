import { describe, expect, it } from 'vitest';
import type { CatalogEntry, CatalogView } from '@contract';
import { AgentDefinition } from '@contract';
import {
  downloadTimeText,
  onboardingHintOf,
  recommendedChatModel,
  shouldShowOnboarding,
  starterAgent,
} from './onboardingFlow';

const fresh = {
  settingsLoaded: true,
  onboardingDone: false,
  modelsListed: true,
  installedModels: 0,
  forced: false,
  showing: false,
  cachedOnboarding: null,
};
/** Core has not answered yet (the socket is still opening). */
const unanswered = { ...fresh, settingsLoaded: false, modelsListed: false };

describe('shouldShowOnboarding', () => {
  it('shows for a data dir with no models until done', () => {
    expect(shouldShowOnboarding(fresh)).toBe(true);
    expect(shouldShowOnboarding({ ...fresh, onboardingDone: true })).toBe(false);
    expect(shouldShowOnboarding({ ...fresh, installedModels: 1 })).toBe(false);
  });
  it('waits for settings and the model list rather than flash', () => {
    expect(shouldShowOnboarding({ ...fresh, settingsLoaded: false })).toBe(false);
    expect(shouldShowOnboarding({ ...fresh, modelsListed: false })).toBe(false);
  });
  it('stays on screen after its own download installs a model, until done', () => {
    expect(shouldShowOnboarding({ ...fresh, installedModels: 1, showing: true })).toBe(true);
    expect(shouldShowOnboarding({ ...fresh, installedModels: 1, showing: true, onboardingDone: true })).toBe(false);
  });
  it('shows when opened from Settings whatever is installed', () => {
    expect(shouldShowOnboarding({ ...fresh, onboardingDone: true, installedModels: 3, forced: true })).toBe(true);
  });
});

describe('the first screen before core answers (cached decision)', () => {
  it('first start in this browser (no cache): paints the app, then the guide once core says it is needed', () => {
    expect(shouldShowOnboarding(unanswered)).toBe(false);
    expect(shouldShowOnboarding(fresh)).toBe(true);
  });
  it('paints the guide at once when it was showing last time, and keeps it once core agrees', () => {
    expect(shouldShowOnboarding({ ...unanswered, cachedOnboarding: true })).toBe(true);
    expect(shouldShowOnboarding({ ...fresh, cachedOnboarding: true })).toBe(true);
  });
  it('paints the app at once for a returning user', () => {
    expect(shouldShowOnboarding({ ...unanswered, cachedOnboarding: false })).toBe(false);
    expect(shouldShowOnboarding({ ...fresh, onboardingDone: true, installedModels: 1, cachedOnboarding: false })).toBe(
      false,
    );
  });
  it("a stale cache gives way to core's answer either way", () => {
    // the guide was showing, but the data dir has a model now (or the guide was finished elsewhere)
    expect(shouldShowOnboarding({ ...fresh, installedModels: 2, cachedOnboarding: true })).toBe(false);
    expect(shouldShowOnboarding({ ...fresh, onboardingDone: true, cachedOnboarding: true })).toBe(false);
    // the app was showing, but this is a fresh data dir now: the guide still shows
    expect(shouldShowOnboarding({ ...fresh, cachedOnboarding: false })).toBe(true);
  });
  it("remembers core's decision only, never a guide reopened from Settings", () => {
    expect(onboardingHintOf(unanswered)).toBeNull();
    expect(onboardingHintOf({ ...unanswered, cachedOnboarding: true })).toBeNull();
    expect(onboardingHintOf(fresh)).toBe(true);
    expect(onboardingHintOf({ ...fresh, onboardingDone: true })).toBe(false);
    expect(onboardingHintOf({ ...fresh, onboardingDone: true, installedModels: 1, forced: true })).toBe(false);
    // the guide's own download added a model: it stays up, and so does the hint, until finished
    expect(onboardingHintOf({ ...fresh, installedModels: 1, showing: true })).toBe(true);
  });
});

function entry(id: string, sizes: Record<string, number>): CatalogEntry {
  return {
    id,
    name: id,
    publisher: 'p',
    description: '',
    format: 'gguf',
    purposes: ['chat'],
    license: { id: 'mit', url: 'https://example.test/l' },
    parameterCountB: 0.5,
    contextLength: 4096,
    toolCalling: false,
    shape: null,
    homepage: 'https://example.test',
    variants: Object.entries(sizes).map(([vid, size]) => ({
      id: vid,
      quantization: 'Q4_K_M' as const,
      files: [
        {
          fileName: `${vid}.gguf`,
          sizeBytes: size,
          sizeVerified: true,
          sha256: null,
          urls: ['https://example.test/f'],
        },
      ],
    })),
    fit: [],
    recommendedVariantId: null,
    installedVariantIds: [],
  };
}

describe('recommendedChatModel', () => {
  const view = (recommended: CatalogView['recommended']): CatalogView => ({
    models: [entry('a', { 'a-q4': 100, 'a-q8': 200 }), entry('b', { 'b-q4': 300 })],
    recommended,
    hardware: { totalRamBytes: 1, freeRamBytes: 1, gpu: null },
    skipped: [],
  });
  it("follows the catalog's chat pick and sums its files", () => {
    const rec = recommendedChatModel(view([{ purpose: 'chat', modelId: 'a', variantId: 'a-q8' }]));
    expect(rec?.entry.id).toBe('a');
    expect(rec?.variant.id).toBe('a-q8');
    expect(rec?.sizeBytes).toBe(200);
  });
  it('is null when nothing fits for chat', () => {
    expect(recommendedChatModel(view([{ purpose: 'routing', modelId: 'b', variantId: 'b-q4' }]))).toBeNull();
    expect(recommendedChatModel(null)).toBeNull();
  });
});

describe('downloadTimeText', () => {
  it('gives a slow and a fast line', () => {
    expect(downloadTimeText(1_250_000)).toBe('1 s at 10 Mbit/s · 1 s at 100 Mbit/s');
    expect(downloadTimeText(1_000_000_000)).toBe('13 min at 10 Mbit/s · 1 min at 100 Mbit/s');
  });
});

describe('starterAgent', () => {
  it('is a valid agent on the given model, with a free id', () => {
    const first = AgentDefinition.parse(starterAgent('qwen-q4', []));
    expect(first.model.preferred).toBe('qwen-q4');
    expect(first.id).toBe('starter-assistant');
    expect(starterAgent('m', ['starter-assistant', 'starter-assistant-2']).id).toBe('starter-assistant-3');
  });
});
