/**
 * `npm run mcp` (scripts/outpost-mcp.ts) as a desktop MCP client starts it: the official SDK client over stdio,
 * the real entry run through tsx, a data dir with a generated model and an agent. With no app on the data dir it
 * runs core itself; with a live host holding the data dir it relays to that host's `/mcp`.
 */
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeTestModel } from '../../scripts/test-model/make-test-model';
import { freePort } from '../core/api/testing/apiHarness';
import { testAgent } from '../core/chat/testing/chatHarness';
import { createCore } from '../core/createCore';
import { waitFor, testLoadOptions, TSX_EXEC_ARGV } from '../core/inference/testing/engineHarness';
import { echoServerInput } from '../core/mcp/testing/mcpFixtures';
import { modelsDirFor } from '../core/models/modelRegistry';
import { dataDirHolder } from '../core/storage/dataDirLock';
import { createTestPorts, makeTempDir } from '../core/testing/testPorts';
import { startServedHost, type ServedHost } from './testing/servedHost';

const ENTRY = fileURLToPath(new URL('../../scripts/outpost-mcp.ts', import.meta.url));
const KEY = 'op-mcp-stdio-test-key-0123456789';
/** Generous for a loaded machine: the first call loads the model in a fresh worker. */
const SLOW = { timeout: 240_000 };
const TEST_MS = 420_000;

/** The environment without anything that would point the entry at a real app or data dir. */
function entryEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OUTPOST_')) env[k] = v;
  return { ...env, ...extra };
}

async function prepareDataDir(): Promise<string> {
  const dataDir = makeTempDir('outpost-mcp-stdio-');
  await writeTestModel(path.join(modelsDirFor(dataDir), 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
  const core = await createCore(createTestPorts(dataDir).ports);
  const ctx = { signal: new AbortController().signal };
  for (const request of [
    { route: 'mcp.add', input: echoServerInput('Echo Test') },
    { route: 'models.setLoadOptions', input: { id: 'tiny-1', options: testLoadOptions({ contextSize: 2048 }) } },
    {
      route: 'agents.create',
      input: { definition: testAgent({ id: 'helper', name: 'Helper', sampling: { maxTokens: 12, seed: 7 } }) },
    },
    {
      route: 'agents.create',
      input: {
        definition: testAgent({
          id: 'asker',
          name: 'Asker',
          // The echo server's one argument is an enum: a forced call is always valid.
          tools: { mcp_echo_test_echo: 'ask' },
          sampling: { maxTokens: 64, seed: 7 },
        }),
      },
    },
  ]) {
    const reply = await core.dispatch(request as never, ctx);
    if (!reply.ok) throw new Error(`${request.route}: ${reply.error.message}`);
  }
  await core.dispose();
  return dataDir;
}

/** Entries a test started: closed after it whatever happened, so the next one finds the data dir free. */
const opened: { client: Client; pid: number }[] = [];

interface Connected {
  client: Client;
  transport: StdioClientTransport;
  stderr: () => string;
}

/** The decisions on the asker's "ask" tool so far, read from the audit while the entry holds the database. */
function askerDecisions(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, 'outpost.db'), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT decision FROM tool_audit WHERE agent_id = 'asker' ORDER BY id")
      .all() as { decision: string }[];
    return rows.map((r) => r.decision);
  } finally {
    db.close();
  }
}

/**
 * Asks the agent with its "ask" tool forced until that tool was decided on: the entry's core connects the echo
 * server in the background, and a call before that finds no tool to force. Returns the new decision.
 */
async function callAsker(client: Client, dataDir: string): Promise<string> {
  const before = askerDecisions(dataDir).length;
  for (let attempt = 0; attempt < 30; attempt++) {
    const result = await client.callTool(
      { name: 'agent_asker', arguments: { message: 'Echo ping.', tool_choice: 'required' } },
      undefined,
      SLOW,
    );
    expect(result.content).toBeDefined();
    const decisions = askerDecisions(dataDir);
    if (decisions.length > before) return decisions.at(-1)!;
    await new Promise((resolve) => setTimeout(resolve, 500)); // the server is still connecting
  }
  throw new Error('the echo server never connected in the entry');
}

async function connect(
  args: string[],
  env: Record<string, string>,
  answerForm?: (request: ElicitRequest) => ElicitResult,
): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...TSX_EXEC_ARGV, ENTRY, ...args],
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  const client = new Client(
    { name: 'desktop-client', version: '1.0.0' },
    answerForm ? { capabilities: { elicitation: { form: {} } } } : {},
  );
  if (answerForm) client.setRequestHandler(ElicitRequestSchema, async (request) => answerForm(request));
  await client.connect(transport, SLOW);
  opened.push({ client, pid: transport.pid! });
  return { client, transport, stderr: () => stderr };
}

/** Child processes of `pid` (the inference worker, MCP servers…), Linux `ps`. */
function childrenOf(pid: number): number[] {
  try {
    const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
    return out.split('\n').map(Number).filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function askHelper(client: Client) {
  const result = await client.callTool(
    { name: 'agent_helper', arguments: { message: 'Hello there' } },
    undefined,
    SLOW,
  );
  expect(result.isError).toBeFalsy();
  const structured = result.structuredContent as { reply: string; conversation_id: string };
  expect(typeof structured.reply).toBe('string');
  expect(structured.conversation_id).toMatch(/\S/);
  return structured;
}

describe('npm run mcp (stdio entry, official SDK client)', () => {
  let dataDir: string;
  let host: ServedHost | null = null;

  beforeAll(async () => {
    dataDir = await prepareDataDir();
  }, 180_000);

  afterEach(async () => {
    for (const { client, pid } of opened.splice(0)) {
      await client.close();
      await waitFor(() => !alive(pid), 60_000, 'entry gone');
    }
  }, 180_000);

  afterAll(async () => {
    await host?.stop();
  });

  it('runs core itself when no app holds the data dir: tools, an agent call, then a clean stop with its workers', async () => {
    const { client, transport, stderr } = await connect(['--data-dir', dataDir], entryEnv({}));
    const entryPid = transport.pid!;
    const { tools } = await client.listTools(undefined, SLOW);
    expect(tools.find((t) => t.name === 'agent_helper')).toMatchObject({
      title: 'Helper',
      inputSchema: { required: ['message'] },
      outputSchema: { required: ['reply', 'conversation_id'] },
    });
    expect(stderr()).toContain("running Outpost's core in this process");
    expect(dataDirHolder(dataDir)).toMatchObject({ pid: entryPid, role: 'mcp' });

    const first = await askHelper(client);
    const again = await client.callTool(
      { name: 'agent_helper', arguments: { message: 'And again', conversation_id: first.conversation_id } },
      undefined,
      SLOW,
    );
    expect((again.structuredContent as { conversation_id: string }).conversation_id).toBe(first.conversation_id);

    // No window and no form in this client: the "ask" tool is refused at once, not left waiting for an approval.
    expect(await callAsker(client, dataDir)).toBe('ask-denied');

    const workers = childrenOf(entryPid);
    expect(workers.length).toBeGreaterThan(0); // the inference worker answered the calls
    await client.close();
    await waitFor(() => !alive(entryPid) && workers.every((pid) => !alive(pid)), 60_000, 'entry and workers gone');
    expect(dataDirHolder(dataDir)).toBeNull();
  }, TEST_MS);

  it("asks through the client's form (elicitation) for an agent's ask tool, and follows the answer", async () => {
    const asked: ElicitRequest['params'][] = [];
    let allow = true;
    const { client, transport } = await connect(['--data-dir', dataDir], entryEnv({}), (request) => {
      asked.push(request.params);
      return allow ? { action: 'accept', content: { allow: true } } : { action: 'decline' };
    });
    expect(await callAsker(client, dataDir)).toBe('ask-approved');
    allow = false;
    expect(await callAsker(client, dataDir)).toBe('ask-denied');
    expect(asked).toHaveLength(2);
    expect(asked[0]).toMatchObject({
      message: expect.stringContaining('mcp_echo_test_echo'),
      requestedSchema: { properties: { allow: { type: 'boolean' } }, required: ['allow'] },
    });
    const entryPid = transport.pid!;
    await client.close();
    await waitFor(() => !alive(entryPid), 60_000, 'entry gone');
  }, TEST_MS);

  it('exits 0 when its input closes, even before core finished starting', async () => {
    const child = spawn(process.execPath, [...TSX_EXEC_ARGV, ENTRY, '--data-dir', dataDir], {
      env: entryEnv({}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdin.end();
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stdout).toBe(''); // nothing but JSON-RPC ever goes to stdout, and there was nothing to answer
    expect(dataDirHolder(dataDir)).toBeNull();
  }, TEST_MS);

  it('relays to a live host holding the data dir (its /mcp with the key), and says what to set without a key', async () => {
    const port = await freePort();
    host = await startServedHost({
      dataDir,
      serveArgs: ['--listen', '127.0.0.1', '--api-port', String(port), '--allow', '127.0.0.1'],
      env: { OUTPOST_API_KEY: KEY },
    });
    expect(dataDirHolder(dataDir)).toMatchObject({ pid: host.child.pid, role: 'app' });

    const { client, stderr } = await connect(
      ['--data-dir', dataDir],
      entryEnv({ OUTPOST_API_KEY: KEY, OUTPOST_MCP_URL: `http://127.0.0.1:${port}/mcp` }),
    );
    expect(stderr()).toContain(`relaying to http://127.0.0.1:${port}/mcp (pid ${host.child.pid} holds`);
    expect((await client.listTools(undefined, SLOW)).tools.map((t) => t.name)).toContain('agent_helper');
    await askHelper(client);
    await client.close();

    const refused = spawn(process.execPath, [...TSX_EXEC_ARGV, ENTRY, '--data-dir', dataDir], {
      env: entryEnv({}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let said = '';
    refused.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const [code] = (await once(refused, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(said).toContain(`The Outpost app (pid ${host.child.pid}) is using ${dataDir}`);
    expect(said).toContain('OUTPOST_API_KEY');
  }, TEST_MS);
});
