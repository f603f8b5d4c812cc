import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { AgentDefinition, type ValidationIssue } from './agentSchema';
import { AgentStore } from './agentStore';
import { exportAgent, importPortableAgents, MAX_PORTABLE_BYTES, parsePortableAgent } from './portableAgent';
import { openTestDb, sampleAgent, type TestDb } from './testing/agentFixtures';

let t: TestDb;
let store: AgentStore;

beforeEach(() => {
  t = openTestDb();
  store = new AgentStore(t.db, t.dbFile, t.clock);
});
afterEach(() => t.db.close());

function rich() {
  return store.create(
    sampleAgent({
      id: 'rich',
      name: 'Rich: "quotes", # hashes & émoji 🚀',
      description: 'multi\nline: yes',
      systemPrompt: 'Line one.\n  indented: not a key\n- not a list\n',
      model: { preferred: 'qwen2.5-1.5b-instruct', fallback: 'qwen2.5-0.5b-instruct' },
      sampling: { temperature: 0.3, topK: 40, seed: 7 },
      tools: { read_file: 'ask', calculator: 'allow' },
      memory: { enabled: true, autoExtract: true, maxRecalledFacts: 3 },
      starterPrompts: ['yes', 'no', 'null', '1.0'],
    }),
  ).definition;
}

function failure(fn: () => unknown): OutpostError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OutpostError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const issuesOf = (error: OutpostError) => (error.details as { issues: ValidationIssue[] }).issues;

describe('portable agent files', () => {
  it.each(['json', 'yaml'] as const)('round-trips through %s unchanged', (format) => {
    const agent = rich();
    const text = exportAgent(agent, format);
    const file = parsePortableAgent(text);
    expect(file.agent).toEqual(agent);
    expect(file.outpostAgent).toBe(1);
    expect(file.requirements).toMatchObject({
      toolCalling: true,
      suggestedModels: ['qwen2.5-1.5b-instruct', 'qwen2.5-0.5b-instruct'],
    });
    expect(parsePortableAgent(exportAgent(file.agent, format === 'json' ? 'yaml' : 'json'))).toEqual(file);
  });

  it('imports under a fresh id when the id is taken', () => {
    const agent = rich();
    const [imported] = importPortableAgents(store, [{ name: 'rich.yaml', content: exportAgent(agent, 'yaml') }]);
    expect(imported?.renamedFrom).toBe('rich');
    expect(imported?.agent.definition).toEqual({ ...agent, id: 'rich-2' });
  });

  it('reports every problem with its exact path and imports nothing', () => {
    const good = z
      .object({ agent: z.record(z.string(), z.unknown()) })
      .loose()
      .parse(JSON.parse(exportAgent(rich(), 'json')));
    const bad = {
      ...good,
      extra: true,
      agent: {
        ...good.agent,
        id: 'other',
        tools: { read_file: 'maybe', 'Bad-Name': 'allow' },
        avatar: { symbol: 'X', colour: 'blue' },
        starterPrompts: ['1', '2', '3', '4', '5', '6', '7'],
        sampling: { temprature: 0.5 },
      },
    };
    const error = failure(() =>
      importPortableAgents(store, [
        { name: 'ok.json', content: exportAgent(AgentDefinition.parse(sampleAgent({ id: 'ok' })), 'json') },
        { name: 'bad.json', content: JSON.stringify(bad) },
      ]),
    );
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^bad\.json: /);
    const issues = issuesOf(error);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: 'unknown field' },
        { path: 'agent.tools.read_file', message: 'must be one of allow, ask, deny' },
        { path: 'agent.avatar.colour', message: 'must be a hex colour like #3b82f6' },
        { path: 'agent.starterPrompts', message: 'at most 6 starter prompts' },
        { path: 'agent.sampling.temprature', message: 'unknown field' },
      ]),
    );
    expect(issues.some((i) => i.path.startsWith('agent.tools') && i.message.startsWith('invalid name'))).toBe(true);
    expect(error.message).toContain('agent.tools.read_file: must be one of allow, ask, deny');
    expect(store.find('ok')).toBeNull();
    expect(store.list()).toHaveLength(1);
  });

  it('rejects files that are not Outpost agents, broken syntax and oversize files', () => {
    expect(issuesOf(failure(() => parsePortableAgent('{"outpostAgent": 2}')))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'outpostAgent' }),
        expect.objectContaining({ path: 'agent' }),
      ]),
    );
    expect(failure(() => parsePortableAgent('{ nope')).message).toMatch(/not valid JSON/);
    expect(failure(() => parsePortableAgent('a: [unclosed')).message).toMatch(/not valid YAML/);
    expect(failure(() => parsePortableAgent('a: 1\na: 2\n')).message).toMatch(/not valid YAML/);
    expect(failure(() => parsePortableAgent('x'.repeat(MAX_PORTABLE_BYTES + 1))).code).toBe('payload_too_large');
  });

  it('parses YAML safely: no custom tags, no alias bombs', () => {
    expect(failure(() => parsePortableAgent('outpostAgent: !!js/function "() => 1"\n')).message).toMatch(
      /not valid YAML/,
    );
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    const error = failure(() => parsePortableAgent(bomb));
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/alias/i);
  });
});
