/** Team members resolve in one place, on fakes of the agent list and the model resolver. */
import { describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { AgentDefinition } from '../agents/agentSchema';
import { sampleAgent } from '../agents/testing/agentFixtures';
import { ModelResolver } from './modelResolver';
import { resolveTurnTarget } from './turnTarget';

const installed = new Set(['tiny.gguf', 'router.gguf']);
const models = new ModelResolver({ installedModelFor: (ref) => (installed.has(ref) ? { id: ref } : null) });
const define = (input: Parameters<typeof sampleAgent>[0]) => AgentDefinition.parse(sampleAgent(input));
const single = define({ id: 'solo', model: { preferred: 'tiny.gguf' } });
const team = (members: string[]) =>
  define({
    id: 'desk',
    kind: 'team',
    team: {
      members: members.map((agentId) => ({ agentId, purpose: `Questions for ${agentId}` })),
      routerModel: 'router.gguf',
    },
  });
const agents = (list: AgentDefinition[]) => ({
  find: (id: string) => {
    const definition = list.find((a) => a.id === id);
    return definition ? { definition } : null;
  },
});

describe('resolveTurnTarget', () => {
  it('a single agent runs on its installed model; a team on its members and router model', () => {
    expect(resolveTurnTarget({ agents: agents([single]), models }, single)).toEqual({
      kind: 'single',
      modelId: 'tiny.gguf',
    });
    const target = resolveTurnTarget({ agents: agents([single]), models }, team(['solo']));
    expect(target).toMatchObject({ kind: 'team', routerModelId: 'router.gguf' });
    expect(target.kind === 'team' && target.members.map((m) => m.id)).toEqual(['solo']);
  });

  it('names every missing or team-kind member, as not_found', () => {
    const nested = team(['solo']);
    let caught: unknown;
    try {
      resolveTurnTarget(
        { agents: agents([single, { ...nested, id: 'inner' }]), models },
        team(['gone', 'inner', 'solo']),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OutpostError);
    expect((caught as OutpostError).details).toMatchObject({ reason: 'member_missing', missing: ['gone', 'inner'] });
  });
});
