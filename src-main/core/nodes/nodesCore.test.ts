/**
 * Two real Outposts on loopback: this test's core (the desktop) and a second one in its own process serving its
 * API with a generated model (the node). Discovery, a chat turn through the node whose tool call runs here, the
 * reply marked with node and model, offline mode, and the network log. Escalation and a dying node:
 * nodesEscalation.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, NodeInfo, NodeTestResult, RemoteModelChoice } from '@contract';
import { testAgent } from '../chat/testing/chatHarness';
import { startNodesCore, type NodesCoreFixture } from './testing/nodesCoreFixture';

let f: NodesCoreFixture;

beforeAll(async () => {
  f = await startNodesCore();
}, 180_000);

afterAll(async () => {
  await f?.stop();
});

describe('another Outpost as an inference node', () => {
  let added: NodeInfo;

  it('adds the node with its key (never shown back), tests the connection and discovers probed capabilities', async () => {
    added = await f.call<NodeInfo>('nodes.add', {
      name: 'GPU box',
      baseUrl: f.node.baseUrl,
      kind: 'lan',
      apiKey: f.node.key,
    });
    expect(added).toMatchObject({ id: 'gpu-box', hasApiKey: true, enabled: true, models: [] });
    expect(JSON.stringify(added)).not.toContain(f.node.key);

    const tested = await f.call<NodeTestResult>('nodes.test', { id: added.id });
    expect(tested).toMatchObject({ ok: true, error: null });
    expect(tested.modelIds).toContain('tiny-1');

    const discovered = await f.call<NodeInfo>('nodes.discover', { id: added.id });
    expect(discovered.models).toHaveLength(1);
    // Outpost's API streams, forces tool calls and constrains JSON: each was probed with a real request.
    expect(discovered.models[0]).toMatchObject({
      id: 'tiny-1',
      capabilities: { streaming: true, tools: true, jsonSchema: true },
    });
    expect(discovered.models[0]!.probedAt).not.toBeNull();
    expect(discovered.health).toMatchObject({ state: 'healthy', breaker: 'closed' });

    const choices = await f.call<RemoteModelChoice[]>('nodes.choices', {});
    expect(choices).toContainEqual({
      ref: 'node:gpu-box/tiny-1',
      label: 'tiny-1 on GPU box',
      kind: 'node',
      available: true,
    });
    const changed = f.events.events.filter((e) => e.name === 'nodes.changed');
    expect(changed.length).toBeGreaterThan(0);
    expect(JSON.stringify(changed.map((e) => e.payload))).not.toContain(f.node.key);
  }, 240_000);

  it('a wrong key is refused by the node as unauthorized, and does not count against its health', async () => {
    await f.call('nodes.update', {
      id: 'gpu-box',
      node: { name: 'GPU box', baseUrl: f.node.baseUrl, kind: 'lan', apiKey: 'wrong-key' },
    });
    const tested = await f.call<NodeTestResult>('nodes.test', { id: 'gpu-box' });
    expect(tested).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // Leaving apiKey out keeps the stored one; setting it again restores access.
    await f.call('nodes.update', {
      id: 'gpu-box',
      node: { name: 'GPU box', baseUrl: f.node.baseUrl, kind: 'lan', apiKey: f.node.key },
    });
    const again = await f.call<NodeTestResult>('nodes.test', { id: 'gpu-box' });
    expect(again.ok).toBe(true);
  }, 60_000);

  it('runs an agent on node/model: the node proposes the tool call, this Outpost runs and audits it', async () => {
    await f.call('agents.create', {
      definition: testAgent({
        id: 'remote-helper',
        model: { preferred: 'node:gpu-box/tiny-1' },
        sampling: { maxTokens: 160, seed: 7 },
        tools: { current_datetime: 'allow' },
      }),
    });
    const readiness = await f.call<{ problem: string | null; modelId: string | null }>('agents.readiness', {
      id: 'remote-helper',
    });
    expect(readiness).toMatchObject({ problem: null, modelId: 'node:gpu-box/tiny-1' });

    const turn = await f.runTurn('remote-helper', 'What time is it?', 'required');
    expect(turn.events.at(-1)?.type).toBe('done');
    const started = turn.events.find((e) => e.type === 'tool-call-started');
    const finished = turn.events.find((e) => e.type === 'tool-call-finished');
    expect(started).toMatchObject({ name: 'current_datetime' });
    // Random weights pick random arguments: either the tool ran here, or this Outpost's validation refused them.
    const audit = await f.call<AuditRecord[]>('tools.audit', { agentId: 'remote-helper' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ tool: 'current_datetime', conversationId: turn.conversationId });
    expect(audit[0]!.decision === 'allow' ? finished : audit[0]).toMatchObject(
      audit[0]!.decision === 'allow'
        ? { ok: true, decision: 'allowed' }
        : { decision: 'invalid', errorCode: 'invalid_args' },
    );
    // Every assistant row says which node and model wrote it.
    const replies = turn.messages.filter((m) => m.role === 'assistant');
    expect(replies.length).toBeGreaterThanOrEqual(2);
    for (const reply of replies) expect(reply).toMatchObject({ modelId: 'node:gpu-box/tiny-1', status: 'complete' });

    const health = (await f.call<NodeInfo[]>('nodes.list', {}))[0]!.health;
    expect(health.requests).toBeGreaterThanOrEqual(3);
    expect(health.errors).toBe(0);
  }, 240_000);

  it('logs every node request in the network log with its purpose', () => {
    const nodeLines = f.logLines.filter((l) => l.message === 'network: allowed' && l.fields?.purpose === 'node-lan');
    expect(nodeLines.length).toBeGreaterThanOrEqual(5);
    expect(nodeLines.every((l) => String(l.fields?.url).startsWith(f.node.baseUrl))).toBe(true);
    expect(nodeLines.map((l) => l.fields?.url)).toEqual(
      expect.arrayContaining([`${f.node.baseUrl}/models`, `${f.node.baseUrl}/chat/completions`]),
    );
  });

  it('offline mode: a loopback node keeps working, internet and LAN nodes are refused before any socket opens', async () => {
    await f.call('settings.set', { offlineMode: true });
    try {
      expect((await f.call<NodeTestResult>('nodes.test', { id: 'gpu-box' })).ok).toBe(true);
      const internet = await f.call<NodeInfo>('nodes.add', {
        name: 'Cloud',
        baseUrl: 'https://api.example.com/v1',
        kind: 'internet',
        apiKey: 'k',
      });
      const lan = await f.call<NodeInfo>('nodes.add', {
        name: 'Office',
        baseUrl: 'http://192.168.77.77:8080/v1',
        kind: 'lan',
      });
      expect(await f.call<NodeTestResult>('nodes.test', { id: internet.id })).toMatchObject({
        ok: false,
        error: { code: 'offline' },
      });
      expect(await f.call<NodeTestResult>('nodes.test', { id: lan.id })).toMatchObject({
        ok: false,
        error: { code: 'offline' },
      });
      const refused = f.logLines.filter((l) => l.message === 'network: refused').map((l) => l.fields);
      expect(refused).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            purpose: 'node-internet',
            reason: 'offline-mode',
            url: 'https://api.example.com/v1/models',
          }),
          expect.objectContaining({ purpose: 'node-lan', reason: 'offline-mode' }),
        ]),
      );
      // A refusal is the user's setting, not the node's fault: health stays as it was.
      const cloud = (await f.call<NodeInfo[]>('nodes.list', {})).find((n) => n.id === internet.id)!;
      expect(cloud.health.errors).toBe(0);

      await f.call('agents.create', {
        definition: testAgent({ id: 'cloud-agent', model: { preferred: `node:${internet.id}/big` } }),
      });
      const turn = await f.runTurn('cloud-agent', 'Hello');
      expect(turn.events.at(-1)).toMatchObject({ type: 'error', code: 'offline' });
      expect((await f.failure('nodes.discover', { id: lan.id })).code).toBe('offline');
    } finally {
      await f.call('settings.set', { offlineMode: false });
    }
  }, 120_000);
});
