/** The first-run guide's decisions, kept pure: when it shows, what it recommends, the agent it makes. */
import type { AgentDefinitionInput, CatalogEntry, CatalogVariant, CatalogView, FitEstimate } from '@contract';

export interface GateInput {
  settingsLoaded: boolean;
  onboardingDone: boolean;
  modelsListed: boolean;
  installedModels: number;
  /** Opened from Settings: shown whatever the data dir holds. */
  forced: boolean;
  /** Already on screen on core's word: stays until finished or skipped, though its own download added a model. */
  showing: boolean;
  /** The last decision core's answers led to in this browser (firstScreenHint); null on a first start. */
  cachedOnboarding: boolean | null;
}

/** Whether core has answered enough to decide; until then the cached decision stands in. */
export function onboardingDecidable(input: Pick<GateInput, 'settingsLoaded' | 'modelsListed'>): boolean {
  return input.settingsLoaded && input.modelsListed;
}

/**
 * Shown once, for a data dir with no models, until finished or skipped (a persisted setting). Before core
 * answers, the last known decision paints (no cache: the app, what a returning user keeps).
 */
export function shouldShowOnboarding(input: GateInput): boolean {
  if (input.forced || (input.showing && !input.onboardingDone)) return true;
  if (!onboardingDecidable(input)) return input.cachedOnboarding === true;
  return !input.onboardingDone && input.installedModels === 0;
}

/** What to remember for the next start: core's decision, leaving out a guide opened again from Settings. */
export function onboardingHintOf(input: GateInput): boolean | null {
  if (!onboardingDecidable(input)) return null;
  return shouldShowOnboarding({ ...input, forced: false, cachedOnboarding: null });
}

export interface Recommendation {
  entry: CatalogEntry;
  variant: CatalogVariant;
  fit: FitEstimate | null;
  sizeBytes: number;
}

/** The catalog's chat pick for this machine (its fit decides); null when nothing fits. */
export function recommendedChatModel(view: CatalogView | null): Recommendation | null {
  const pick = view?.recommended.find((r) => r.purpose === 'chat');
  const entry = pick && view?.models.find((m) => m.id === pick.modelId);
  const variant = entry?.variants.find((v) => v.id === pick?.variantId);
  if (!entry || !variant) return null;
  return {
    entry,
    variant,
    fit: entry.fit.find((f) => f.variantId === variant.id) ?? null,
    sizeBytes: variant.files.reduce((sum, file) => sum + file.sizeBytes, 0),
  };
}

/** Typical home connections, slow to fast; the guide shows the range rather than one guess. */
const LINKS = [
  { label: '10 Mbit/s', bytesPerSecond: 10e6 / 8 },
  { label: '100 Mbit/s', bytesPerSecond: 100e6 / 8 },
] as const;

function humanSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function downloadTimeText(sizeBytes: number): string {
  return LINKS.map((link) => `${humanSeconds(sizeBytes / link.bytesPerSecond)} at ${link.label}`).join(' · ');
}

export const STARTER_AGENT_ID = 'starter-assistant';

/** A plain helpful agent on the chosen model; a free id when the starter id is taken. */
export function starterAgent(modelRef: string, takenIds: readonly string[]): AgentDefinitionInput {
  let id: string = STARTER_AGENT_ID;
  for (let n = 2; takenIds.includes(id); n++) id = `${STARTER_AGENT_ID}-${n}`;
  return {
    id,
    name: 'Assistant',
    avatar: { symbol: 'AS', colour: '#059669' },
    description: 'Your first agent: a general helper running on this machine.',
    systemPrompt:
      "You are a helpful assistant running fully offline on the user's own computer. Answer clearly and briefly.",
    model: { preferred: modelRef },
  };
}
