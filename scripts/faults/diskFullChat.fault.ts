/**
 * A chat on a disk that fills up mid-reply: the turn ends at once as failed with storage_error and keeps its
 * streamed text; memory.add says storage_error; a restart on the full disk leaves no reply `streaming`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { placeTestModel } from '../../e2e/fixtures/testModels';
import {
  connect,
  createAgentOnFirstModel,
  isTypedFailure,
  startHost,
  value,
  type HostClient,
  type Reply,
} from './lib/faultHost';
import { integrityCheck } from './lib/sqlite';
import { fillDisk, mountSmallDisk } from './lib/tmpfs';

const disk = mountSmallDisk(48);
afterAll(() => disk.unmount());

interface StoredMessage {
  id: string;
  role: string;
  status: string;
  content: string;
  error: { code: string } | null;
}
type TurnEnd = { type: string; code?: string; messageId?: string | null };

/** Follows one conversation's stream: resolves `firstText` at its first delta and `ended` at its last event. */
function follow(client: HostClient, conversationId: string) {
  let textSeen: () => void = () => undefined;
  let turnEnded: (end: TurnEnd) => void = () => undefined;
  const firstText = new Promise<void>((resolve) => (textSeen = resolve));
  const ended = new Promise<TurnEnd>((resolve) => (turnEnded = resolve));
  client.onEvent((name, payload) => {
    const p = payload as { conversationId?: string; event?: TurnEnd };
    if (p.conversationId !== conversationId) return;
    if (name === 'chat.delta') textSeen();
    if (name === 'chat.event' && p.event && ['done', 'error', 'aborted'].includes(p.event.type)) {
      textSeen();
      turnEnded(p.event);
    }
  });
  return { firstText, ended };
}

async function startTurn(client: HostClient, agentId: string, title: string) {
  const conversation = value<{ id: string }>(
    await client.request('conversations.create', { agentId, title }),
    'conversations.create',
  );
  value(await client.request('events.subscribe', { topics: [`conversation:${conversation.id}`] }), 'subscribe');
  const stream = follow(client, conversation.id);
  value(
    await client.request('chat.send', { conversationId: conversation.id, text: 'Tell me a long story about the sea.' }),
    'chat.send',
  );
  return { conversationId: conversation.id, ...stream };
}

const messagesOf = async (client: HostClient, conversationId: string) =>
  value<StoredMessage[]>(await client.request('conversations.messages', { conversationId }), 'messages');

describe.skipIf(disk.problem !== null)('a chat on a disk that fills up (48 MiB tmpfs)', () => {
  it('fails the reply at once with storage_error, keeps its text, and restarts with nothing streaming', async () => {
    const dataDir = path.join(disk.dir, 'chat');
    const filler = path.join(disk.dir, 'filler.bin');
    await placeTestModel(path.join(dataDir, 'models'), 'tiny.gguf');
    let host = await startHost(dataDir);
    let client = await connect(host);
    await createAgentOnFirstModel(client, 'disk-agent', 'Answer at length.');

    // A random-weight reply can end before the disk is full; then free it and try again.
    let failedTurn: { conversationId: string; end: TurnEnd } | null = null;
    for (let attempt = 0; attempt < 6 && !failedTurn; attempt++) {
      fs.rmSync(filler, { force: true });
      const turn = await startTurn(client, 'disk-agent', `attempt ${attempt}`);
      await turn.firstText;
      fillDisk(filler);
      const end = await turn.ended;
      if (end.type === 'error') failedTurn = { conversationId: turn.conversationId, end };
    }
    expect(failedTurn, 'a reply that met the full disk').not.toBeNull();
    expect(failedTurn!.end.code).toBe('storage_error');
    const afterFailure = await messagesOf(client, failedTurn!.conversationId);
    const reply = afterFailure.find((m) => m.role === 'assistant');
    expect(reply).toMatchObject({ status: 'error', error: { code: 'storage_error' } });
    expect(reply!.content.length, 'the streamed text is kept').toBeGreaterThan(0);
    expect(afterFailure.some((m) => m.status === 'streaming')).toBe(false);

    // memory.add on the full disk: a typed storage_error (SQLite may still fit a few rows in free pages). The failed
    // reply's closing write freed the host's disk reserve, so fill what it gave back first.
    fillDisk(filler);
    const adds: Reply[] = [];
    for (let i = 0; i < 200 && !adds.some((r) => !r.ok); i++)
      adds.push(await client.request('memory.add', { agentId: 'disk-agent', text: `fact ${i} ${'x'.repeat(400)}` }));
    const refused = adds.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every(isTypedFailure)).toBe(true);
    expect(refused.map((r) => !r.ok && r.error.code)).toEqual(refused.map(() => 'storage_error'));

    // A crash mid-reply, then a start on the full disk: the host starts and nothing is left `streaming`.
    fs.rmSync(filler);
    client.close();
    await host.stop();
    host = await startHost(dataDir);
    client = await connect(host);
    const crashed = await startTurn(client, 'disk-agent', 'crash');
    await crashed.firstText;
    expect(await host.kill9()).toBe('SIGKILL');
    fillDisk(filler);
    host = await startHost(dataDir);
    client = await connect(host);
    expect(await client.request('app.info', {})).toMatchObject({ ok: true });
    const afterRestart = await messagesOf(client, crashed.conversationId);
    expect(afterRestart.some((m) => m.status === 'streaming')).toBe(false);
    client.close();
    await host.stop();
    fs.rmSync(filler);
    expect(integrityCheck(path.join(dataDir, 'outpost.db'))).toBe('ok');
  }, 300_000);
});
