import { describe, expect, it } from 'vitest';
import { AgentDefinition, type AgentDefinitionInput } from '@contract';
import { draftFromDefinition, draftToInput, newDraft, parseNumberField, sameDraft, validateDraft } from './agentDraft';

const full: AgentDefinitionInput = {
  id: 'support-team',
  name: 'Support team',
  avatar: { symbol: 'ST', colour: '#10b981' },
  description: 'Routes customers to the right helper.',
  systemPrompt: 'Be kind.',
  model: { preferred: 'tiny-q8', fallback: 'qwen2.5-0.5b-instruct' },
  sampling: { temperature: 0.4, topP: 0.9, topK: 40, minP: 0.05, repeatPenalty: 1.1, maxTokens: 256, seed: 7 },
  context: { strategy: 'summarise-oldest', reserveForReply: 512 },
  tools: { read_file: 'ask', calculator: 'allow', notes: 'deny' },
  memory: { enabled: true, autoExtract: true, maxRecalledFacts: 3 },
  starterPrompts: ['Where is my order?', 'Open a ticket'],
  kind: 'team',
  team: {
    members: [
      { agentId: 'customer-service', purpose: 'orders and tickets' },
      { agentId: 'general-assistant', purpose: 'everything else' },
    ],
    routerModel: 'tiny-q8',
  },
};

describe('draft <-> definition', () => {
  it('round-trips every field of a full definition', () => {
    const definition = AgentDefinition.parse(full);
    const back = validateDraft(draftFromDefinition(definition));
    expect(back.ok).toBe(true);
    expect(back.definition).toEqual(definition);
  });

  it('round-trips a minimal single agent with defaults filled in', () => {
    const definition = AgentDefinition.parse({
      id: 'solo',
      name: 'Solo',
      avatar: { symbol: '🤖', colour: '#3b82f6' },
      systemPrompt: '',
      model: { preferred: 'tiny-q8' },
    });
    const draft = draftFromDefinition(definition);
    expect(draft.sampling.temperature).toBe('');
    expect(draft.fallbackModel).toBe('');
    const back = validateDraft(draft);
    expect(back.definition).toEqual(definition);
    expect(back.definition?.model).toEqual({ preferred: 'tiny-q8' });
    expect(back.definition?.sampling).toEqual({});
  });

  it('drops team settings when the kind is single', () => {
    const draft = { ...draftFromDefinition(AgentDefinition.parse(full)), kind: 'single' as const };
    const { input } = draftToInput(draft);
    expect(input.team).toBeUndefined();
    expect(validateDraft(draft).ok).toBe(true);
  });
});

describe('validation', () => {
  it('reports a blank new agent field by field, with the contract messages', () => {
    const result = validateDraft(newDraft());
    expect(result.ok).toBe(false);
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'name', 'model.preferred']));
    expect(result.issues.find((i) => i.path === 'name')?.message).toBe('must not be empty');
  });

  it('reports text that is not a number on its own field, before zod sees it', () => {
    const draft = { ...newDraft('tiny-q8'), id: 'a', name: 'A' };
    draft.sampling = { ...draft.sampling, temperature: 'hot', topK: '2.5', seed: '' };
    draft.reserveForReply = '';
    const result = validateDraft(draft);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: 'sampling.temperature', message: 'must be a number' },
        { path: 'sampling.topK', message: 'must be a whole number' },
        { path: 'context.reserveForReply', message: 'must not be empty' },
      ]),
    );
    expect(result.issues.some((i) => i.path === 'sampling.seed')).toBe(false);
  });

  it('passes range errors through from the schema', () => {
    const draft = { ...newDraft('tiny-q8'), id: 'a', name: 'A', colour: 'blue' };
    draft.sampling = { ...draft.sampling, topP: '1.5' };
    const { issues } = validateDraft(draft);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['sampling.topP', 'avatar.colour']));
    expect(issues.find((i) => i.path === 'sampling.topP')?.message).toBe('must be at most 1');
  });

  it('puts team problems on the member that has them', () => {
    const draft = { ...draftFromDefinition(AgentDefinition.parse(full)) };
    draft.members = [{ agentId: 'support-team', purpose: 'two\nlines' }];
    const paths = validateDraft(draft).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['team.members[0].agentId', 'team.members[0].purpose']));
    expect(validateDraft({ ...draft, members: [] }).issues.map((i) => i.path)).toContain('team.members');
  });

  it('rejects bad slugs and too many starter prompts', () => {
    const draft = { ...newDraft('tiny-q8'), id: 'Bad Id', name: 'A', starterPrompts: Array(7).fill('hi') };
    const paths = validateDraft(draft).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'starterPrompts']));
  });
});

describe('helpers', () => {
  it('parses number fields', () => {
    expect(parseNumberField(' 0.5 ', false)).toEqual({ value: 0.5, issue: null });
    expect(parseNumberField('', true)).toEqual({ value: undefined, issue: null });
    expect(parseNumberField('1e3', true)).toEqual({ value: 1000, issue: null });
    expect(parseNumberField('Infinity', false).issue).toBe('must be a number');
  });

  it('treats drafts that differ only in tool order or id provenance as the same', () => {
    const a = { ...newDraft('m'), tools: { a: 'allow' as const, b: 'ask' as const } };
    const b = { ...newDraft('m'), idEdited: true, tools: { b: 'ask' as const, a: 'allow' as const } };
    expect(sameDraft(a, b)).toBe(true);
    expect(sameDraft(a, { ...a, name: 'x' })).toBe(false);
  });
});
