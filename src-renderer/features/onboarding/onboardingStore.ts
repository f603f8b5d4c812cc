/** Whether Settings asked to show the guide again; the "done" flag itself is the persisted setting. */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export const onboardingStore = createStore<{ forced: boolean; setForced(forced: boolean): void }>()((set) => ({
  forced: false,
  setForced: (forced) => set({ forced }),
}));

export function useOnboardingForced(): boolean {
  return useStore(onboardingStore, (s) => s.forced);
}
