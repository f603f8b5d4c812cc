import type { Handlers } from '../rpc/handlerTypes';
import { appHandlers, type AppServices } from './appHandlers';
import { modelHandlers, type ModelServices } from './modelHandlers';

/** Thin by design: each handler delegates to a service. Every route must appear exactly once. */
export function createHandlers(services: AppServices & ModelServices): Handlers {
  return { ...appHandlers(services), ...modelHandlers(services) } satisfies Handlers;
}
