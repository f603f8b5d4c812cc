import type { CatalogService } from '../catalog/catalogService';
import type { InferenceEngine } from '../inference/engine';
import type { ModelLifecycle } from '../lifecycle/modelLifecycle';
import { DraftPairing } from '../models/draftPairing';
import type { ModelRegistry } from '../models/modelRegistry';
import type { EventSink } from '../ports';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface ModelServices {
  registry: ModelRegistry;
  catalog: CatalogService;
  lifecycle: ModelLifecycle;
  engine: InferenceEngine;
  events: EventSink;
}

export function modelHandlers({ registry, catalog, lifecycle, engine, events }: ModelServices) {
  const changed = <T>(value: T): T => {
    events.emit('models.changed', registry.list());
    return value;
  };
  const drafts = new DraftPairing({ models: registry, catalogDraftFor: (id) => catalog.draftFor(id) });
  return {
    'models.list': async () => registry.list(),
    'models.scan': async () => changed(await registry.scan()),
    'models.register': async ({ path, mode }, ctx) =>
      changed(
        await registry.register(path, mode, ctx.signal, (copiedBytes, totalBytes) =>
          events.emit('models.importProgress', { path, copiedBytes, totalBytes }),
        ),
      ),
    'models.remove': async ({ id }) => {
      await lifecycle.unload(id, 'model removed');
      return changed(await registry.remove(id));
    },
    'models.setLoadOptions': async ({ id, options }) => {
      registry.get(id);
      await drafts.check(id, options);
      return changed(registry.setLoadOptions(id, options));
    },
    'models.draftCandidates': async ({ id }) => drafts.candidates(id),
    'models.estimate': async ({ id, options }) => lifecycle.estimate(id, options),
    'models.load': async ({ id, options }, ctx) => {
      try {
        return await lifecycle.load(id, options, ctx.signal);
      } catch (error) {
        changed(null); // the pre-load recheck may have marked the file missing or invalid
        throw error;
      }
    },
    'models.unload': async ({ id }) => {
      await lifecycle.unload(id);
      return lifecycle.list();
    },
    'models.loaded': async () => lifecycle.list(),
    'models.importPack': async ({ path }, ctx) =>
      changed(
        await catalog.importPack(path, ctx.signal, (file, copiedBytes, totalBytes) =>
          events.emit('models.importProgress', { path: file, copiedBytes, totalBytes }),
        ),
      ),
    'models.setActive': async ({ id }) => {
      lifecycle.setActive(id);
      return lifecycle.list();
    },
    'inference.status': async () => engine.status(),
    'inference.promptCache': async () => (await engine.promptCache?.()) ?? null,
    'inference.promptCacheClear': async () => (await engine.clearPromptCache?.()) ?? null,
    'inference.generate': async (request, ctx) =>
      // Only the caller's topic gets the deltas (the Models screen's test prompt follows its own request).
      lifecycle.generate(request, {
        signal: ctx.signal,
        onDelta: (delta, tokens) => events.emit('inference.token', { requestId: request.requestId, delta, tokens }),
      }),
    'inference.cancel': async ({ requestId }) => ({ cancelled: lifecycle.cancel(requestId) }),
  } satisfies DomainHandlers<'models' | 'inference'>;
}
