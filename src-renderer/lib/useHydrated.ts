import { useSyncExternalStore } from 'react';

const noSubscription = () => () => undefined;

/**
 * False while React hydrates the frame prerendered into index.html (and when prerendering it), true after:
 * what differs from the prerendered markup renders only once this is true, so hydration keeps every node.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
