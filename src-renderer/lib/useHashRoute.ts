import { useEffect, useSyncExternalStore } from 'react';
import { hrefFor, needsCanonicalHash, parseHashRoute, type ScreenId } from './hashRoute';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;
// Prerendering and hydration read no address (the default screen); React re-renders with the real one after.
const noHash = () => '';

/** The screen named by `location.hash`; the hash itself is the state, so reloads stay put. */
export function useHashRoute(): ScreenId {
  const screen = parseHashRoute(useSyncExternalStore(subscribe, readHash, noHash));
  useEffect(() => {
    // Spell unknown or sloppy hashes canonically without adding a history entry.
    if (needsCanonicalHash(window.location.hash)) {
      const url = new URL(window.location.href);
      url.hash = hrefFor(screen);
      window.history.replaceState(window.history.state, '', url);
    }
  }, [screen]);
  return screen;
}
