import type { ReactNode } from 'react';
import { StatusBar } from '../features/dashboard/StatusBar';
import type { ScreenId } from '../lib/hashRoute';
import { BannerArea } from './BannerArea';
import { Sidebar } from './Sidebar';

/** Shown while a screen's chunk loads (and in the prerendered first paint). */
export function ScreenFallback() {
  return <p className="p-6 text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>;
}

/**
 * The app's frame around the current screen: sidebar, banners, main pane, status bar. The same markup is
 * prerendered into index.html at build time (`staticShell.tsx`), so it must render without a browser.
 */
export function AppFrame({ current, children }: { current: ScreenId | null; children: ReactNode }) {
  return (
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
      <Sidebar current={current} />
      <main className="flex min-w-0 flex-1 flex-col">
        <BannerArea />
        <div id="main-content" tabIndex={-1} className="relative min-h-0 flex-1 overflow-y-auto outline-none">
          {children}
        </div>
        <StatusBar />
      </main>
    </div>
  );
}
