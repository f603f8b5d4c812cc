import { describe, expect, it } from 'vitest';
import { AgentDefinition } from '@contract';
import { createBuilderStore } from './builderStore';

const agent = {
  definition: AgentDefinition.parse({
    id: 'helper',
    name: 'Helper',
    avatar: { symbol: 'H', colour: '#3b82f6' },
    systemPrompt: 'x',
    model: { preferred: 'tiny-q8' },
  }),
  version: 4,
  createdAt: 1,
  updatedAt: 2,
};

describe('builder store', () => {
  it('lets the id follow the name on create until the id is edited', () => {
    const store = createBuilderStore();
    store.getState().openCreate('tiny-q8');
    expect(store.getState().draft.preferredModel).toBe('tiny-q8');
    store.getState().change((d) => ({ ...d, name: 'Order Helper' }));
    expect(store.getState().draft.id).toBe('order-helper');
    store.getState().change((d) => ({ ...d, id: 'orders', idEdited: true }));
    store.getState().change((d) => ({ ...d, name: 'Order Helper 2' }));
    expect(store.getState().draft.id).toBe('orders');
  });

  it('gives a new agent opened before the model list arrived the first model, but never overrides a choice', () => {
    const store = createBuilderStore();
    store.getState().openCreate('');
    store.getState().adoptDefaultModel('tiny-q8');
    expect(store.getState().draft.preferredModel).toBe('tiny-q8');
    expect(store.getState().initial.preferredModel).toBe('tiny-q8'); // not an unsaved change
    store.getState().change((d) => ({ ...d, preferredModel: 'other' }));
    store.getState().adoptDefaultModel('tiny-q8');
    expect(store.getState().draft.preferredModel).toBe('other');
    store.getState().openEdit(agent);
    store.getState().adoptDefaultModel('x');
    expect(store.getState().draft.preferredModel).toBe('tiny-q8');
  });

  it('never renames a saved agent', () => {
    const store = createBuilderStore();
    store.getState().openEdit(agent, 'history');
    expect(store.getState().view).toEqual({ kind: 'builder', mode: 'edit', agentId: 'helper', tab: 'history' });
    store.getState().change((d) => ({ ...d, name: 'Renamed' }));
    expect(store.getState().draft.id).toBe('helper');
    expect(store.getState().initial.name).toBe('Helper');
  });

  it('records touched fields and resets them when another agent opens', () => {
    const store = createBuilderStore();
    store.getState().openCreate('');
    store.getState().touch('name');
    store.getState().revealAll();
    expect(store.getState().touched).toEqual({ name: true });
    store.getState().loaded(agent);
    expect(store.getState()).toMatchObject({ touched: {}, showAll: false });
    store.getState().close();
    expect(store.getState().view).toEqual({ kind: 'list' });
  });
});
