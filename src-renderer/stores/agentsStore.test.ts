import { describe, expect, it } from 'vitest';
import { AgentDefinition, OutpostError, type StoredAgent } from '@contract';
import { createFakeBridge } from '../testing/fakeBridge';
import { createAgentsStore } from './agentsStore';

const stored = (id: string, version = 1): StoredAgent => ({
  definition: AgentDefinition.parse({
    id,
    name: id,
    avatar: { symbol: 'A', colour: '#3b82f6' },
    systemPrompt: '',
    model: { preferred: 'tiny-q8' },
  }),
  version,
  createdAt: 1,
  updatedAt: 1,
});

function setup() {
  const bridge = createFakeBridge({
    'agents.list': async () => [stored('a'), stored('b')],
    'tools.list': async () => [],
  });
  const store = createAgentsStore(() => bridge);
  return { bridge, store };
}

describe('agents store actions', () => {
  it('folds a created, updated or duplicated agent into the list', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    bridge.handlers['agents.create'] = async () => stored('c');
    bridge.handlers['agents.update'] = async () => stored('a', 2);
    bridge.handlers['agents.duplicate'] = async () => stored('a-copy');
    await store.getState().save(stored('c').definition, 'create');
    await store.getState().save(stored('a').definition, 'update');
    await store.getState().duplicate('a');
    expect(store.getState().agents.map((a) => [a.definition.id, a.version])).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', 1],
      ['a-copy', 1],
    ]);
    expect(bridge.calls.find((c) => c.route === 'agents.update')?.input).toEqual({
      definition: stored('a').definition,
    });
  });

  it('removes a deleted agent and reports its conversation count', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    bridge.handlers['agents.delete'] = async () => ({ deletedConversations: 3 });
    expect(await store.getState().remove('a')).toBe(3);
    expect(store.getState().agents.map((a) => a.definition.id)).toEqual(['b']);
  });

  it('adds every imported agent, and leaves the list alone when the import fails', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    bridge.handlers['agents.import'] = async () => [
      { agent: stored('x'), renamedFrom: null, requirements: { toolCalling: false, suggestedModels: [] } },
    ];
    await store.getState().importFiles([{ name: 'x.yaml', content: '...' }]);
    expect(store.getState().agents.map((a) => a.definition.id)).toEqual(['a', 'b', 'x']);

    bridge.handlers['agents.import'] = async () => {
      throw new OutpostError('bad_request', 'bad.yaml: invalid', { file: 'bad.yaml', issues: [] });
    };
    await expect(store.getState().importFiles([{ name: 'bad.yaml', content: '' }])).rejects.toThrow('bad.yaml');
    expect(store.getState().agents).toHaveLength(3);
  });

  it('passes save errors through untouched for the form to show', async () => {
    const { bridge, store } = setup();
    bridge.handlers['agents.create'] = async () => {
      throw new OutpostError('conflict', 'An agent with id "a" already exists');
    };
    await expect(store.getState().save(stored('a').definition, 'create')).rejects.toMatchObject({ code: 'conflict' });
    expect(store.getState().agents).toEqual([]);
  });
});
