import { describe, expect, it } from 'vitest';
import { AgentDefinition } from '@contract';
import { draftFromDefinition, draftToInput, newDraft, validateDraft } from './agentDraft';
import { newEscalationDraft } from './escalationDraft';

const agent = AgentDefinition.parse({
  ...draftToInput({ ...newDraft('tiny-1'), id: 'helper', name: 'Helper' }).input,
  escalation: {
    to: 'node:gpu/big',
    afterFailures: 3,
    fromRouter: false,
    budget: { requestsPerDay: 7, tokensPerDay: 0 },
  },
});

describe('escalation in the builder draft', () => {
  it('survives a trip through the form unchanged (saving never drops it)', () => {
    const result = validateDraft(draftFromDefinition(agent));
    expect(result.ok && result.definition.escalation).toEqual(agent.escalation);
  });

  it('is absent when turned off, and reports a bad number under its own field', () => {
    const off = validateDraft({ ...draftFromDefinition(agent), escalation: null });
    expect(off.ok && off.definition.escalation).toBeUndefined();
    const bad = validateDraft({
      ...draftFromDefinition(agent),
      escalation: { ...newEscalationDraft('node:gpu/big'), requestsPerDay: 'lots' },
    });
    expect(bad.ok).toBe(false);
    expect(bad.issues).toContainEqual(expect.objectContaining({ path: 'escalation.budget.requestsPerDay' }));
  });

  it('needs a bigger model to escalate to', () => {
    const bad = validateDraft({ ...draftFromDefinition(agent), escalation: newEscalationDraft('') });
    expect(bad.issues).toContainEqual(expect.objectContaining({ path: 'escalation.to' }));
  });
});
