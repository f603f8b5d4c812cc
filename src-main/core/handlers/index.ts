import type { Handlers } from '../rpc/handlerTypes';
import { appHandlers, type AppServices } from './appHandlers';
import { catalogHandlers, type CatalogServices } from './catalogHandlers';
import { modelHandlers, type ModelServices } from './modelHandlers';

/** Thin by design: each handler delegates to a service. Every route must appear exactly once. */
export function createHandlers(services: AppServices & ModelServices & CatalogServices): Handlers {
  return { ...appHandlers(services), ...modelHandlers(services), ...catalogHandlers(services) } satisfies Handlers;
}
