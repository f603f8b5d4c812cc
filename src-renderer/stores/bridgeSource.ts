import type { Bridge } from '../bridge';

/** Stores ask for the bridge lazily, so creating a store never touches `window` (tests run in Node). */
export type BridgeSource = () => Bridge;
