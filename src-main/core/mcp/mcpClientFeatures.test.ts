/**
 * MCP client features a server uses from inside a tool call, against a real server (official SDK) and the real
 * model: sampling goes to the calling agent's model only after the user approves it; roots are granted folders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpServerInput } from '@contract';
import { apiAgent, createApiHarness, type ApiHarness } from '../api/testing/apiHarness';
import { makeTempDir, createMemoryLogger } from '../testing/testPorts';
import { GrantedFolders } from '../tools/grantedFolders';
import { ToolExecutor } from '../tools/toolExecutor';
import type { ApprovalRequest } from '../tools/permissionPolicy';
import { waitFor } from '../inference/testing/engineHarness';
import { clientFeaturesServerInput, everythingServerInput } from './testing/mcpFixtures';

describe('MCP client features: sampling and roots (real server, real model)', () => {
  let h: ApiHarness;
  let folder: string;
  let everythingId = '';

  beforeAll(async () => {
    h = await createApiHarness();
    h.agents.create(apiAgent({}));
    folder = makeTempDir('outpost-mcp-root-');
    new GrantedFolders(h.t.db, Date.now).grant(folder, 'helper');
    const info = await h.mcp.add(McpServerInput.parse(clientFeaturesServerInput()));
    expect(info.state).toBe('running');
  }, 180_000);

  afterAll(async () => h?.dispose());

  /** Runs a tool of the server as agent "helper" would, answering approval cards with `answer`. */
  async function call(remote: string, answer: 'approve' | 'deny' | null) {
    const asked: ApprovalRequest[] = [];
    const executor = new ToolExecutor({
      registry: h.registry,
      audit: h.audit,
      logger: createMemoryLogger(),
      now: Date.now,
      ...(answer
        ? {
            requestApproval: async (request: ApprovalRequest) => {
              asked.push(request);
              return answer;
            },
          }
        : {}),
    });
    const name = `mcp_features_${remote}`;
    const result = await executor.execute({
      callId: `call-${remote}`,
      name,
      params: {},
      agentId: 'helper',
      conversationId: 'conv-1',
      permissions: { [name]: 'allow' },
    });
    expect(result.ok).toBe(true);
    const json = /\{.*\}/s.exec(result.content)?.[0] ?? 'null';
    return { value: JSON.parse(json) as Record<string, unknown>, asked };
  }

  it('declares the roots and sampling capabilities', async () => {
    const { value } = await call('capabilities', null);
    expect(value).toMatchObject({ roots: {}, sampling: {} });
  });

  it("lists the calling agent's granted folders as file:// roots", async () => {
    const { value } = await call('list_roots', null);
    expect(value.roots).toEqual([{ uri: new URL(`file://${folder}`).href, name: expect.any(String) }]);
  });

  it("samples the calling agent's model after the user approves, in a card of the call's conversation", async () => {
    const { value, asked } = await call('ask_model', 'approve');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      callId: 'call-ask_model:mcp_sampling',
      agentId: 'helper',
      conversationId: 'conv-1',
      tool: 'mcp_sampling',
      title: expect.stringContaining('Features'),
      args: { systemPrompt: 'Answer briefly.', messages: [{ role: 'user', text: 'Say hello.' }], maxTokens: 8 },
    });
    expect(value).toMatchObject({
      ok: true,
      result: { role: 'assistant', model: 'tiny-1', content: { type: 'text', text: expect.any(String) } },
    });
    expect(['endTurn', 'maxTokens', 'stopSequence']).toContain((value.result as { stopReason: string }).stopReason);
  });

  it('refuses sampling when the user denies it or no one can be asked, without touching the model', async () => {
    const denied = await call('ask_model', 'deny');
    expect(denied.asked).toHaveLength(1);
    expect(denied.value).toMatchObject({ ok: false, code: -1, message: expect.stringMatching(/rejected/) });
    const unattended = await call('ask_model', null);
    expect(unattended.value).toMatchObject({ ok: false, code: -1 });
  });

  it('serves the reference server (server-everything): its sampling and roots tools appear and work', async () => {
    const info = await h.mcp.add(McpServerInput.parse(everythingServerInput()));
    expect(info.state).toBe('running');
    everythingId = info.id;
    // It registers these only for clients that declare sampling/roots, after initialization (tools/list_changed).
    await waitFor(() => h.registry.get('mcp_everything_trigger_sampling_request') !== undefined, 60_000);
    await waitFor(() => h.registry.get('mcp_everything_get_roots_list') !== undefined, 60_000);
    const executor = new ToolExecutor({
      registry: h.registry,
      audit: h.audit,
      logger: createMemoryLogger(),
      now: Date.now,
      requestApproval: async () => 'approve',
    });
    const run = (name: string, params: unknown) =>
      executor.execute({ name, params, agentId: 'helper', permissions: { [name]: 'allow' } });
    const sampled = await run('mcp_everything_trigger_sampling_request', { prompt: 'Hi', maxTokens: 8 });
    expect(sampled.ok).toBe(true);
    expect(sampled.content).toContain('"model": "tiny-1"');
    const roots = await run('mcp_everything_get_roots_list', {});
    expect(roots.ok).toBe(true);
    expect(roots.content).toContain(new URL(`file://${folder}`).href);
  });

  it("browses the reference server's resources and prompts (mcp.resources/readResource/prompts/getPrompt)", async () => {
    expect(everythingId).not.toBe('');
    const resources = await h.mcp.resources(everythingId);
    expect(resources.length).toBeGreaterThan(0);
    const [first] = resources;
    const contents = await h.mcp.readResource(everythingId, first!.uri);
    expect(contents.length).toBeGreaterThan(0);
    expect(contents[0]!.text !== null || contents[0]!.blobBytes !== null).toBe(true);
    await expect(h.mcp.readResource(everythingId, 'nope://missing')).rejects.toMatchObject({ code: 'bad_request' });

    const prompts = await h.mcp.prompts(everythingId);
    const simple = prompts.find((p) => p.arguments.every((a) => !a.required));
    expect(simple).toBeDefined();
    const filled = await h.mcp.getPrompt(everythingId, simple!.name, {});
    expect(filled.messages.length).toBeGreaterThan(0);
    expect(['user', 'assistant']).toContain(filled.messages[0]!.role);
  });
});
