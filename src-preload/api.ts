import type { Envelope } from './contract/envelope';

/** The whole surface the preload exposes as `window.outpost`: a generic forwarder, nothing per route. */
export interface OutpostPreloadApi {
  request(route: string, input: unknown): Promise<Envelope<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
