import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, RouteName, RouteOutput } from '@contract';
import { createCore, type Core } from '../createCore';
import { createTestPorts, makeTempDir } from '../testing/testPorts';

let core: Core;
let t: ReturnType<typeof createTestPorts>;
const ctx = () => ({ signal: new AbortController().signal });

async function call<R extends RouteName>(route: R, input: unknown): Promise<Envelope<RouteOutput<R>>> {
  return (await core.dispatch({ route, input }, ctx())) as Envelope<RouteOutput<R>>;
}
async function ok<R extends RouteName>(route: R, input: unknown): Promise<RouteOutput<R>> {
  const result = await call(route, input);
  if (!result.ok) throw new Error(`${route} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

const draft = {
  id: 'helper-bot',
  name: 'Helper bot',
  avatar: { symbol: 'HB', colour: '#112233' },
  systemPrompt: 'Be brief.',
  model: { preferred: 'qwen2.5-0.5b-instruct' },
  tools: { calculator: 'allow', read_file: 'ask' },
};

beforeEach(async () => {
  t = createTestPorts();
  core = await createCore(t.ports);
});
afterEach(async () => {
  await core.dispose();
});

describe('agents routes', () => {
  it('installs the templates once and lists them', async () => {
    const agents = await ok('agents.list', {});
    expect(agents.map((a) => a.definition.id)).toEqual(
      expect.arrayContaining(['general-assistant', 'customer-service']),
    );
    await core.dispose();
    core = await createCore(createTestPorts(t.dataDir).ports);
    expect(await ok('agents.list', {})).toHaveLength(agents.length);
  });

  it('creates, versions, restores, duplicates and announces changes', async () => {
    const created = await ok('agents.create', { definition: draft });
    expect(created.version).toBe(1);
    expect(t.events.events.some((e) => e.name === 'agents.changed')).toBe(true);
    const updated = await ok('agents.update', { definition: { ...draft, systemPrompt: 'Be very brief.' } });
    expect(updated.version).toBe(2);
    const history = await ok('agents.history', { id: draft.id });
    expect(history.map((v) => v.definition.systemPrompt)).toEqual(
      expect.arrayContaining(['Be brief.', 'Be very brief.']),
    );
    const restored = await ok('agents.restore', { id: draft.id, version: 1 });
    expect(restored.definition.systemPrompt).toBe('Be brief.');
    const copy = await ok('agents.duplicate', { id: draft.id });
    expect(copy.definition.id).not.toBe(draft.id);
  });

  it('rejects an invalid definition with field paths and saves nothing', async () => {
    const before = (await ok('agents.list', {})).length;
    const result = await call('agents.create', { definition: { ...draft, avatar: { symbol: 'x', colour: 'red' } } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad_request');
    expect(await ok('agents.list', {})).toHaveLength(before);
  });

  it('exports YAML that imports back as an equal agent under a free id', async () => {
    await ok('agents.create', { definition: draft });
    const file = await ok('agents.export', { id: draft.id, format: 'yaml' });
    expect(file.fileName).toBe('helper-bot.outpost-agent.yaml');
    expect((parse(file.content) as { agent: { tools: unknown } }).agent.tools).toEqual(draft.tools);
    const [imported] = await ok('agents.import', { files: [{ name: file.fileName, content: file.content }] });
    expect(imported!.renamedFrom).toBe(draft.id);
    expect({ ...imported!.agent.definition, id: draft.id, name: draft.name }).toEqual(
      (await ok('agents.get', { id: draft.id })).definition,
    );
  });

  it('imports nothing when one of several files is malformed, naming the file and field', async () => {
    const before = (await ok('agents.list', {})).length;
    const good = (await ok('agents.export', { id: 'general-assistant', format: 'json' })).content;
    const bad = good.replace('"temperature": 0.7', '"temperature": "hot"');
    const result = await call('agents.import', {
      files: [
        { name: 'good.json', content: good },
        { name: 'bad.json', content: bad },
        { name: 'worse.yaml', content: 'outpostAgent: 1\nagent: [unclosed' },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('bad.json');
      expect(result.error.message).toContain('worse.yaml');
      expect(JSON.stringify(result.error.details)).toContain('agent.sampling.temperature');
      const files = (result.error.details as { files: { file: string }[] }).files;
      expect(files.map((f) => f.file)).toEqual(['bad.json', 'worse.yaml']);
    }
    expect(await ok('agents.list', {})).toHaveLength(before);
  });

  it('deletes an agent with its conversations and its notes', async () => {
    await ok('agents.create', { definition: draft });
    const conversation = await ok('conversations.create', { agentId: draft.id });
    const db = (await import('better-sqlite3')).default(path.join(t.dataDir, 'outpost.db'));
    db.prepare('INSERT INTO notes (agent_id, title, body, created_at, updated_at) VALUES (?, ?, ?, 1, 1)').run(
      draft.id,
      'n',
      'b',
    );
    const result = await ok('agents.delete', { id: draft.id });
    expect(result.deletedConversations).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM notes WHERE agent_id = ?').get(draft.id)).toEqual({ n: 0 });
    db.close();
    expect((await call('conversations.messages', { conversationId: conversation.id })).ok).toBe(false);
  });

  it('reports a missing model with a clear next step', async () => {
    await ok('agents.create', { definition: draft });
    const readiness = await ok('agents.readiness', { id: draft.id });
    expect(readiness.problem).toBe('model_missing');
    expect(readiness.message).toMatch(/Catalog/);
  });
});

describe('tools routes', () => {
  it('lists the built-in tools with their permissions and side effects', async () => {
    const tools = await ok('tools.list', {});
    const readFile = tools.find((tool) => tool.name === 'read_file');
    expect(readFile).toMatchObject({ sideEffects: 'reads-files', source: 'builtin', available: true });
  });

  it('grants and revokes folders; a relative or missing path is a typed error', async () => {
    const folder = makeTempDir();
    fs.writeFileSync(path.join(folder, 'a.txt'), 'x');
    const grant = await ok('tools.grantFolder', { path: folder, agentId: null });
    expect(await ok('tools.grants', {})).toEqual([grant]);
    expect(await ok('tools.revokeFolder', { id: grant.id })).toEqual({ revoked: true });
    const relative = await call('tools.grantFolder', { path: 'docs', agentId: null });
    expect(!relative.ok && relative.error.code).toBe('bad_request');
    const missing = await call('tools.grantFolder', { path: path.join(folder, 'nope'), agentId: null });
    expect(!missing.ok && missing.error.code).toBe('not_found');
  });
});

describe('conversations routes', () => {
  it('creates, renames, lists, exports and deletes', async () => {
    const conversation = await ok('conversations.create', { agentId: 'general-assistant' });
    const renamed = await ok('conversations.rename', { conversationId: conversation.id, title: 'Trip: plans/ideas' });
    expect(renamed.title).toBe('Trip: plans/ideas');
    expect((await ok('conversations.list', {})).map((c) => c.id)).toContain(conversation.id);
    expect(await ok('conversations.list', { agentId: 'customer-service' })).toEqual([]);
    const file = await ok('conversations.export', { conversationId: conversation.id, format: 'markdown' });
    expect(file.fileName).toBe('Trip-plansideas.md');
    expect(file.content).toContain('Trip: plans/ideas');
    await ok('conversations.delete', { conversationId: conversation.id });
    const gone = await call('conversations.messages', { conversationId: conversation.id });
    expect(!gone.ok && gone.error.code).toBe('not_found');
    expect(t.events.events.filter((e) => e.name === 'conversations.changed')).toHaveLength(3);
  });

  it('creating a conversation for an unknown agent is not_found', async () => {
    const result = await call('conversations.create', { agentId: 'nobody' });
    expect(!result.ok && result.error.code).toBe('not_found');
  });
});
