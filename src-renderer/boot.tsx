/** React and the app, loaded by main.tsx once the prerendered frame is showing; hydrates that frame in place. */
import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './App';
import { startAppearance } from './app/appearance';
import { STATIC_SHELL_ATTRIBUTE } from './app/firstPaint';
import { prefetchScreen } from './app/screens';
import { startSession } from './app/session';
import { getBridge } from './bridge';
import { parseHashRoute } from './lib/hashRoute';
import { appStore } from './stores/appStore';
import { catalogStore } from './stores/catalogStore';
import { startCatalogSync } from './stores/catalogSync';
import { downloadsStore } from './stores/downloadsStore';
import { modelsStore } from './stores/modelsStore';
import { startModelsSync } from './stores/modelsSync';
import { settingsStore } from './stores/settingsStore';

// Appearance first, so the first paint already has the right theme and font size.
startAppearance(settingsStore);
startSession(getBridge(), { app: appStore, settings: settingsStore });
startModelsSync(getBridge(), modelsStore);
startCatalogSync(getBridge(), { catalog: catalogStore, downloads: downloadsStore });

// The screen's chunk is asked for now: the screen renders once hydration is done, and need not wait for it then.
prefetchScreen(parseHashRoute(window.location.hash));

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing #root');
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
const shell = container.querySelector<HTMLElement>(`[${STATIC_SHELL_ATTRIBUTE}]`);
if (shell && !shell.hidden) {
  // The prerendered frame is showing: React takes over its nodes (in slices that yield to input), so the
  // sidebar a user already points at stays the same element, and no frame is painted twice.
  hydrateRoot(shell, app);
} else {
  // Kept hidden (the first-run guide comes next): nothing to keep, React renders from scratch.
  shell?.remove();
  const root = createRoot(container);
  startTransition(() => root.render(app));
}
