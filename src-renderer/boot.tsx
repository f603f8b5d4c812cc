/** React and the app, loaded by main.tsx once the prerendered frame is showing; replaces that frame. */
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startAppearance } from './app/appearance';
import { startSession } from './app/session';
import { getBridge } from './bridge';
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

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing #root');
const root = createRoot(container);
// A transition renders in slices that yield to the browser: the prerendered sidebar's links and input stay
// answered while the app renders, instead of one long task. The commit then replaces the prerendered frame.
startTransition(() => {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
