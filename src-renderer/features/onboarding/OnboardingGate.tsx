/** Shows the first-run guide instead of the app for a data dir with no models, until finished or skipped. */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useModelsStore } from '../../stores/modelsStore';
import { useSettingsStore } from '../../stores/settingsStore';
import { browserStorage, readFirstScreenHint, writeFirstScreenHint } from './firstScreenHint';
import { onboardingDecidable, onboardingHintOf, shouldShowOnboarding, type GateInput } from './onboardingFlow';
import { useOnboardingForced } from './onboardingStore';

const Onboarding = lazy(() => import('./Onboarding').then((m) => ({ default: m.Onboarding })));

export function OnboardingGate({ children }: { children: ReactNode }) {
  const forced = useOnboardingForced();
  const settingsLoaded = useSettingsStore((s) => s.loaded);
  const onboardingDone = useSettingsStore((s) => s.settings.onboardingDone);
  const modelsListed = useModelsStore((s) => s.listed);
  const installedModels = useModelsStore((s) => s.models.length);
  // Read once: the first paint follows the last start's decision until core answers.
  const [cachedOnboarding] = useState(() => readFirstScreenHint(browserStorage())?.onboarding ?? null);
  // Latched during render (React's "adjust state while rendering" pattern), so no frame shows the app in between.
  // Only core's word latches it: a cached guess must not keep the guide up once core says otherwise.
  const [showing, setShowing] = useState(false);
  const input: GateInput = {
    forced,
    settingsLoaded,
    onboardingDone,
    modelsListed,
    installedModels,
    showing,
    cachedOnboarding,
  };
  const show = shouldShowOnboarding(input);
  if ((forced || onboardingDecidable(input)) && show !== showing) setShowing(show);
  const hint = onboardingHintOf(input);
  useEffect(() => {
    if (hint !== null) writeFirstScreenHint(browserStorage(), { onboarding: hint });
  }, [hint]);
  // On <html> for tests and the bench: whether the screen shown is core's decision yet or the cached guess.
  const decided = onboardingDecidable(input) ? (show ? 'onboarding' : 'app') : 'cached';
  useEffect(() => {
    document.documentElement.dataset.firstScreen = decided;
  }, [decided]);
  if (!show) return children;
  return (
    <Suspense fallback={<p className="p-6 text-sm text-zinc-500">Loading…</p>}>
      <Onboarding />
    </Suspense>
  );
}
