import { Suspense, useEffect } from 'react';
import { AppFrame, ScreenFallback } from './app/AppFrame';
import { prefetchScreens, SCREENS } from './app/screens';
import { prefetchMarkdown } from './features/chat/LazyMarkdown';
import { OnboardingGate } from './features/onboarding/OnboardingGate';
import { useHashRoute } from './lib/useHashRoute';
import { useHydrated } from './lib/useHydrated';

const PREFETCH_AFTER_MS = 2_000;

/**
 * The whole app. Also prerendered into index.html (`app/staticShell.tsx`) and hydrated over it, so its first
 * render matches that markup: no screen marked current, the loading line; the screen comes once hydrated.
 */
export function App() {
  const hydrated = useHydrated();
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
      <AppFrame current={hydrated ? screen : null}>
        {hydrated ? (
          <Suspense fallback={<ScreenFallback />}>
            <CurrentScreen key={screen} />
          </Suspense>
        ) : (
          <ScreenFallback />
        )}
      </AppFrame>
    </OnboardingGate>
  );
}
