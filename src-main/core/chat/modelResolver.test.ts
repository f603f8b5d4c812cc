import { describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { AgentDefinition } from '../agents/agentSchema';
import { sampleAgent } from '../agents/testing/agentFixtures';
import { ModelResolver } from './modelResolver';

// The port CatalogService.installedModelFor fills in the app (ids and catalog ids → installed model).
const known = new Map([
  ['tiny-1', 'tiny-1'],
  ['qwen', 'qwen-q8'],
]);
const resolver = new ModelResolver({
  installedModelFor: (ref) => (known.has(ref) ? { id: known.get(ref)! } : null),
});

const agent = (model: { preferred: string; fallback?: string }) => AgentDefinition.parse(sampleAgent({ model }));

describe('ModelResolver', () => {
  it('prefers the preferred model, then the fallback, and maps catalog ids to an installed variant', () => {
    expect(resolver.tryResolve(agent({ preferred: 'tiny-1', fallback: 'qwen' }))).toEqual({
      modelId: 'tiny-1',
      usingFallback: false,
    });
    expect(resolver.tryResolve(agent({ preferred: 'llama', fallback: 'qwen' }))).toEqual({
      modelId: 'qwen-q8',
      usingFallback: true,
    });
    expect(resolver.resolveRouter(agent({ preferred: 'x' }), 'qwen')).toBe('qwen-q8');
  });

  it('reports a missing model as not_found with model_missing details and a call to action', () => {
    let error: unknown;
    try {
      resolver.resolve(agent({ preferred: 'llama', fallback: 'mistral' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutpostError);
    const typed = error as OutpostError;
    expect(typed.code).toBe('not_found');
    expect(typed.details).toMatchObject({
      reason: 'model_missing',
      agentId: 'helper',
      modelId: 'llama',
      fallbackModelId: 'mistral',
    });
    expect(typed.message).toMatch(/Download it from the Catalog/);
    expect(typed.message).toMatch(/agent builder/);
  });
});
