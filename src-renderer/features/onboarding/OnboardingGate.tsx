/** Shows the first-run guide instead of the app for a data dir with no models, until finished or skipped. */
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useModelsStore } from '../../stores/modelsStore';
import { useSettingsStore } from '../../stores/settingsStore';
import { shouldShowOnboarding } from './onboardingFlow';
import { useOnboardingForced } from './onboardingStore';

const Onboarding = lazy(() => import('./Onboarding').then((m) => ({ default: m.Onboarding })));

export function OnboardingGate({ children }: { children: ReactNode }) {
  const forced = useOnboardingForced();
  const settingsLoaded = useSettingsStore((s) => s.loaded);
  const onboardingDone = useSettingsStore((s) => s.settings.onboardingDone);
  const modelsListed = useModelsStore((s) => s.listed);
  const installedModels = useModelsStore((s) => s.models.length);
  // Latched during render (React's "adjust state while rendering" pattern), so no frame shows the app in between.
  const [showing, setShowing] = useState(false);
  const show = shouldShowOnboarding({ forced, settingsLoaded, onboardingDone, modelsListed, installedModels, showing });
  if (show !== showing) setShowing(show);
  if (!show) return children;
  return (
    <Suspense fallback={<p className="p-6 text-sm text-zinc-500">Loading…</p>}>
      <Onboarding />
    </Suspense>
  );
}
