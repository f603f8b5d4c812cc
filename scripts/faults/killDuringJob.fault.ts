/**
 * kill -9 the host while a background run is in the middle of its turn, after a tool with a side effect has run
 * (an MCP tool that appends a line to a file). After the restart the run must be `interrupted`, and nothing of it
 * may run again: no new line in the file, no new tool call, no new message in the job's conversation.
 *
 * The run is held at a known point, not raced: its next generation waits while a foreground chat on the same
 * model is parked on an approval card, so the kill always lands on a `running` run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { placeTestModel } from '../../e2e/fixtures/testModels';
import {
  connect,
  makeDataDir,
  ROOT,
  startHost as start,
  value,
  type FaultHost,
  type HostClient,
} from './lib/faultHost';
import { integrityCheck, queryAll } from './lib/sqlite';

interface RunView {
  id: string;
  jobId: string;
  status: string;
  conversationId: string | null;
}

/** Fails with the host's log when a step does not happen (the host is stuck, not slow: steps wait on state). */
async function step<T>(label: string, promise: Promise<T>, logs: () => string, ms = 300_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not seen in ${ms} ms\n${logs().slice(-4000)}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves with the first event `name` whose payload passes `match` (listening starts before `action`). */
function nextEvent<T>(client: HostClient, name: string, match: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    client.onEvent((event, payload) => {
      if (done || event !== name || !match(payload as T)) return;
      done = true;
      resolve(payload as T);
    });
  });
}

const STAMP_SERVER = path.join(ROOT, 'scripts/faults/lib/stampMcpServer.ts');

function agent(id: string, tools: Record<string, string>, modelId: string, maxTokens = 256) {
  return {
    id,
    name: id,
    avatar: { symbol: id.slice(0, 1).toUpperCase(), colour: '#224466' },
    systemPrompt: 'Use your tool.',
    model: { preferred: modelId },
    sampling: { maxTokens, seed: 7 },
    tools,
  };
}

const started: FaultHost[] = [];
const startHost = async (dataDir: string) => {
  const host = await start(dataDir);
  started.push(host);
  return host;
};
// A failed step must not leave a host behind.
afterAll(async () => {
  for (const host of started) await host.kill9();
});

const count = (dbFile: string, sql: string, ...params: unknown[]) =>
  queryAll<{ n: number }>(dbFile, sql, ...params)[0]?.n ?? -1;

it('a run killed after its side-effecting tool ran is interrupted on restart and never re-executed', async () => {
  const dataDir = makeDataDir('outpost-fault-job-');
  const dbFile = path.join(dataDir, 'outpost.db');
  await placeTestModel(path.join(dataDir, 'models'), 'tiny.gguf');

  const host = await startHost(dataDir);
  const client = await connect(host);
  const models = value<{ id: string }[]>(await client.request('models.list', {}), 'models.list');
  const modelId = models[0]!.id;
  const stampFile = path.join(dataDir, 'stamps.log');
  value(await client.request('events.subscribe', { topics: ['mcp'] }), 'events.subscribe');
  type Server = { id: string; state: string; tools: { name: string; remoteName: string }[] };
  const running = nextEvent<Server[]>(client, 'mcp.changed', (list) => list.some((m) => m.state === 'running'));
  const added = value<Server>(
    await client.request('mcp.add', {
      transport: 'stdio',
      name: 'stamp',
      command: process.execPath,
      args: ['--import', 'tsx', STAMP_SERVER, stampFile],
    }),
    'mcp.add',
  );
  const server =
    added.state === 'running'
      ? added
      : (await step('the MCP server runs', running, host.logs)).find((m) => m.id === added.id)!;
  const toolName = (remote: string) => server.tools.find((t) => t.remoteName === remote)!.name;
  for (const definition of [
    agent('noter', { [toolName('stamp')]: 'ask' }, modelId),
    agent('holder', { [toolName('hold')]: 'ask' }, modelId),
    agent('plain', {}, modelId, 8),
  ]) {
    value(await client.request('agents.create', { definition }), 'agents.create');
  }
  value(await client.request('events.subscribe', { topics: ['jobs', 'inbox', 'approvals'] }), 'events.subscribe');
  const job = value<{ id: string; conversationId: string }>(
    await client.request('jobs.create', {
      name: 'Stamp',
      agentId: 'noter',
      instruction: 'Stamp the log.',
      trigger: { kind: 'manual' },
      requireTool: true,
    }),
    'jobs.create',
  );
  value(
    await client.request('events.subscribe', { topics: [`conversation:${job.conversationId}`] }),
    'events.subscribe',
  );

  // 1. The run parks on its "ask" card before the tool runs.
  const card = nextEvent<{ runId: string; callId: string }[]>(client, 'runs.inbox', (items) => items.length > 0);
  const run = value<RunView>(await client.request('jobs.runNow', { id: job.id }), 'jobs.runNow');
  const [inboxCard] = await step('the run parks on its Inbox card', card, host.logs);
  expect(inboxCard?.runId).toBe(run.id);

  // 2. A foreground chat on the same model, parked on its own card, holds the model from now on.
  const conversation = value<{ id: string }>(
    await client.request('conversations.create', { agentId: 'holder', title: 'holding the model' }),
    'conversations.create',
  );
  const holding = nextEvent<{ conversationId: string; open: boolean }>(
    client,
    'chat.approval',
    (a) => a.conversationId === conversation.id && a.open,
  );
  value(
    await client.request('chat.send', {
      conversationId: conversation.id,
      text: 'What time is it?',
      toolChoice: 'required',
    }),
    'chat.send',
  );
  await step('the foreground chat parks on its card', holding, host.logs);

  // 3. Approve: the tool runs (its side effect happens), then the run's next generation waits for the chat.
  const toolRan = nextEvent<{ conversationId: string; event: { type: string } }>(
    client,
    'chat.event',
    (e) => e.conversationId === job.conversationId && e.event.type === 'tool-call-finished',
  );
  expect(
    value<{ accepted: boolean }>(
      await client.request('runs.respond', { callId: inboxCard!.callId, decision: 'approve' }),
      'runs.respond',
    ).accepted,
  ).toBe(true);
  await step('the approved tool runs', toolRan, host.logs);
  const held = value<{ run: RunView }>(await client.request('runs.get', { id: run.id }), 'runs.get');
  expect(held.run.status).toBe('running');

  // 4. kill -9 mid-run.
  expect(await host.kill9()).toBe('SIGKILL');
  expect(integrityCheck(dbFile)).toBe('ok');
  const stamps = () => (fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').split('\n').filter(Boolean) : []);
  const toolCallsAtKill = count(dbFile, "SELECT COUNT(*) AS n FROM tool_audit WHERE agent_id = 'noter'");
  expect(stamps(), 'the side effect happened once before the kill').toHaveLength(1);
  const messagesAtKill = count(
    dbFile,
    'SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?',
    job.conversationId,
  );
  expect(toolCallsAtKill, 'the tool ran once before the kill').toBe(1);
  expect(queryAll<{ status: string }>(dbFile, 'SELECT status FROM job_runs WHERE id = ?', run.id)).toEqual([
    { status: 'running' },
  ]);

  // 5. Restart: the run is interrupted, and a later run going through the same queue proves nothing re-ran.
  const again = await startHost(dataDir);
  const second = await connect(again);
  value(await second.request('events.subscribe', { topics: ['jobs'] }), 'events.subscribe');
  const after = value<{ run: RunView }>(await second.request('runs.get', { id: run.id }), 'runs.get');
  expect(after.run.status).toBe('interrupted');
  const quiet = value<{ id: string }>(
    await second.request('jobs.create', {
      name: 'Barrier',
      agentId: 'plain',
      instruction: 'Say hello.',
      trigger: { kind: 'manual' },
    }),
    'jobs.create',
  );
  const ENDED = new Set(['succeeded', 'failed', 'limit', 'cancelled', 'interrupted']);
  const barrierRun = value<RunView>(await second.request('jobs.runNow', { id: quiet.id }), 'jobs.runNow');
  const barrierEnded = nextEvent<RunView>(second, 'runs.changed', (r) => r.id === barrierRun.id && ENDED.has(r.status));
  const barrierNow = value<{ run: RunView }>(await second.request('runs.get', { id: barrierRun.id }), 'runs.get');
  if (!ENDED.has(barrierNow.run.status)) await step('the barrier run ends', barrierEnded, again.logs);

  const runs = value<RunView[]>(await second.request('runs.list', { jobId: job.id, limit: 10 }), 'runs.list');
  expect(runs.map((r) => [r.id, r.status])).toEqual([[run.id, 'interrupted']]);
  second.close();
  await again.stop();
  expect(integrityCheck(dbFile)).toBe('ok');
  expect(count(dbFile, "SELECT COUNT(*) AS n FROM tool_audit WHERE agent_id = 'noter'")).toBe(toolCallsAtKill);
  expect(stamps(), 'the side effect did not happen again').toHaveLength(1);
  expect(count(dbFile, 'SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?', job.conversationId)).toBe(
    messagesAtKill,
  );
  console.log(
    `kill -9 during a job: interrupted on restart; ${toolCallsAtKill} tool call, 1 line written, ` +
      `${messagesAtKill} messages — unchanged after the restart`,
  );
}, 900_000);
