/** The router's `escalate` answer: offered only when the team escalates from its router, one token like a member. */
import { describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResult } from '@contract';
import { AgentDefinition } from '../agents/agentSchema';
import { sampleAgent } from '../agents/testing/agentFixtures';
import { ESCALATE_LABEL, routeMessage } from './teamRouter';
import { testAgent } from './testing/chatHarness';

const members = ['billing', 'shipping'].map((p) =>
  testAgent({ id: `m-${p}`, name: p, model: { preferred: 'tiny-1' } }),
);

function team(reason: boolean) {
  return AgentDefinition.parse(
    sampleAgent({
      id: 'desk',
      name: 'Desk',
      kind: 'team',
      model: { preferred: 'tiny-1' },
      team: {
        routerModel: 'tiny-1',
        members: members.map((m) => ({ agentId: m.id, purpose: m.name })),
        router: { mode: 'model', reason },
      },
    }),
  );
}

/** The router model's answer is scripted: this tests the decision format, not a model's judgement. */
function answering(text: string) {
  const requests: GenerateRequest[] = [];
  const lifecycle = {
    generate: async (request: GenerateRequest): Promise<GenerateResult> => {
      requests.push(request);
      return { text, finishReason: 'stop' } as GenerateResult;
    },
  };
  return { lifecycle, requests };
}

const input = (reason: boolean, escalateTo?: string) => ({
  team: team(reason),
  members,
  routerModelId: 'tiny-1',
  text: 'Prove this theorem',
  requestId: 'r1',
  signal: new AbortController().signal,
  ...(escalateTo ? { escalateTo } : {}),
});

describe('router escalate answer', () => {
  it('is one more single-token label in the grammar, described in the fixed system prompt', async () => {
    const h = answering(ESCALATE_LABEL);
    const choice = await routeMessage(h.lifecycle, input(false, 'big-model on gpu-box'));
    expect(choice).toEqual({ memberId: 'm-billing', fellBack: false, via: 'model', escalate: true });
    const request = h.requests[0]!;
    expect(request.responseFormat).toEqual({ type: 'grammar', gbnf: 'root ::= "1" | "2" | "0"' });
    expect(request.sampling?.maxTokens).toBe(1);
    expect(request.messages[0]?.content).toContain(
      '0: too hard for every member above; hand it to a bigger model (big-model on gpu-box)',
    );
  });

  it('a member number still picks that member', async () => {
    const choice = await routeMessage(answering('2').lifecycle, input(false, 'big-model on gpu-box'));
    expect(choice).toEqual({ memberId: 'm-shipping', fellBack: false, via: 'model' });
  });

  it('is not offered to a team without router escalation: "0" is then unusable and the first member answers', async () => {
    const h = answering(ESCALATE_LABEL);
    const choice = await routeMessage(h.lifecycle, input(false));
    expect(h.requests[0]?.responseFormat).toEqual({ type: 'grammar', gbnf: 'root ::= "1" | "2"' });
    expect(h.requests[0]?.messages[0]?.content).not.toContain('bigger model');
    expect(choice).toMatchObject({ memberId: 'm-billing', fellBack: true });
    expect(choice.escalate).toBeUndefined();
  });

  it('with reasons, the JSON answer may name "0" and says why', async () => {
    const h = answering('{"member": "0", "reason": "needs a proof"}');
    const choice = await routeMessage(h.lifecycle, input(true, 'big-model on gpu-box'));
    expect(choice).toEqual({
      memberId: 'm-billing',
      reason: 'needs a proof',
      fellBack: false,
      via: 'model',
      escalate: true,
    });
    expect(h.requests[0]?.responseFormat).toMatchObject({
      type: 'json_schema',
      schema: { properties: { member: { enum: ['1', '2', '0'] } } },
    });
  });
});
