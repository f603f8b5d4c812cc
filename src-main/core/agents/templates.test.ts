import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentDefinition } from './agentSchema';
import { AgentStore } from './agentStore';
import { exportAgent, parsePortableAgent } from './portableAgent';
import { AGENT_TEMPLATES, installTemplates } from './templates';
import { openTestDb, type TestDb } from './testing/agentFixtures';

let t: TestDb;
let store: AgentStore;

beforeEach(() => {
  t = openTestDb();
  store = new AgentStore(t.db, t.dbFile, t.clock);
});
afterEach(() => t.db.close());

describe('agent templates', () => {
  it.each(AGENT_TEMPLATES.map((tpl) => [tpl.templateId, tpl] as const))(
    '%s is a complete, portable definition',
    (_id, tpl) => {
      const definition = AgentDefinition.parse(tpl.definition);
      expect(definition.systemPrompt.length).toBeGreaterThan(40);
      expect(definition.systemPrompt.length).toBeLessThan(1200); // short prompts for small models
      expect(definition.starterPrompts.length).toBeGreaterThan(0);
      expect(parsePortableAgent(exportAgent(definition, 'yaml')).agent).toEqual(definition);
      for (const tool of tpl.requiresTools)
        expect(Object.keys(definition.tools).concat(tpl.definition.team ? tool : [])).toContain(tool);
    },
  );

  it('team members all refer to shipped templates', () => {
    const ids = new Set(AGENT_TEMPLATES.map((tpl) => tpl.definition.id));
    const teams = AGENT_TEMPLATES.filter((tpl) => tpl.definition.kind === 'team');
    expect(teams.length).toBeGreaterThan(0);
    for (const tpl of teams) for (const m of tpl.definition.team?.members ?? []) expect(ids.has(m.agentId)).toBe(true);
  });

  it('installs once; a deleted template stays deleted; user agents with the same id are kept', () => {
    store.create({ ...AGENT_TEMPLATES[0]!.definition, name: 'Mine' });
    const first = installTemplates(store);
    expect(first).toHaveLength(AGENT_TEMPLATES.length);
    expect(store.get('general-assistant').definition.name).toBe('Mine');
    const team = store.get('front-desk-team').definition;
    expect(team.team?.members.map((m) => m.agentId)).toContain('general-assistant-2');

    expect(installTemplates(store)).toEqual([]);
    store.delete('scheduling');
    expect(installTemplates(store)).toEqual([]);
    expect(store.find('scheduling')).toBeNull();
    expect(store.list()).toHaveLength(AGENT_TEMPLATES.length);
  });
});
