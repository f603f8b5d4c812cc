import { Suspense, useEffect } from 'react';
import { BannerArea } from './app/BannerArea';
import { prefetchScreens, SCREENS } from './app/screens';
import { prefetchMarkdown } from './features/chat/LazyMarkdown';
import { Sidebar } from './app/Sidebar';
import { StatusBar } from './features/dashboard/StatusBar';
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
      <div className="flex h-screen overflow-hidden bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a
          href="#main-content"
          onClick={(e) => {
            // A plain #fragment link would replace the route hash, so move focus by hand.
            e.preventDefault();
            document.getElementById('main-content')?.focus();
          }}
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow-lg dark:focus:bg-zinc-800"
        >
          Skip to content
        </a>
        <Sidebar current={screen} />
        <main className="flex min-w-0 flex-1 flex-col">
          <BannerArea />
          <div id="main-content" tabIndex={-1} className="relative min-h-0 flex-1 overflow-y-auto outline-none">
            <Suspense fallback={<p className="p-6 text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>}>
              <CurrentScreen key={screen} />
            </Suspense>
          </div>
          <StatusBar />
        </main>
      </div>
    </OnboardingGate>
  );
}
