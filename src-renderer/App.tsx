import { Suspense, useEffect } from 'react';
import { AppFrame, ScreenFallback } from './app/AppFrame';
import { prefetchScreens, SCREENS } from './app/screens';
import { prefetchMarkdown } from './features/chat/LazyMarkdown';
import { OnboardingGate } from './features/onboarding/OnboardingGate';
import { useHashRoute } from './lib/useHashRoute';

const PREFETCH_AFTER_MS = 2_000;

export function App() {
  const screen = useHashRoute();
  const { label, component: CurrentScreen } = SCREENS[screen];

  useEffect(() => {
    document.title = `${label} · Outpost`;
  }, [label]);

  useEffect(() => {
    // After the first screen is up: prefetching earlier competes with it for the one main thread.
    const timer = window.setTimeout(() => {
      prefetchMarkdown();
      prefetchScreens();
    }, PREFETCH_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, []);

  return (
    <OnboardingGate>
      <AppFrame current={screen}>
        <Suspense fallback={<ScreenFallback />}>
          <CurrentScreen key={screen} />
        </Suspense>
      </AppFrame>
    </OnboardingGate>
  );
}
