/**
 * kill -9 the host while chats stream, over and over. Every message the host acknowledged (a user message
 * whose chat.send returned, an answer whose `done` event arrived) must be there after the restart, and
 * SQLite's integrity_check must pass after every kill.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { placeTestModel } from '../../e2e/fixtures/testModels';
import { connect, createAgentOnFirstModel, makeDataDir, startHost, value } from './lib/faultHost';
import { integrityCheck } from './lib/sqlite';

const CHATS = Number(process.env.OUTPOST_FAULT_CHATS ?? 100);
const PER_ROUND = 20;

it(`loses no acknowledged message across kill -9 during ${CHATS} streamed chats`, async () => {
  const dataDir = makeDataDir();
  await placeTestModel(path.join(dataDir, 'models'), 'tiny.gguf');
  const ackedUser = new Map<string, Set<string>>();
  const ackedAnswers = new Map<string, Set<string>>();
  let agentId: string | null = null;
  let sent = 0;
  let kills = 0;

  while (sent < CHATS) {
    const host = await startHost(dataDir);
    const client = await connect(host);
    agentId ??= await createAgentOnFirstModel(client, 'fault-agent', 'Answer briefly.');
    let streaming = 0;
    client.onEvent((name, payload) => {
      if (name === 'chat.delta') streaming++;
      if (name !== 'chat.event') return;
      const { conversationId, event } = payload as {
        conversationId: string;
        event: { type: string; messageId?: string };
      };
      if (event.type === 'done' && event.messageId) ackedAnswers.get(conversationId)?.add(event.messageId);
    });
    const round = Math.min(PER_ROUND, CHATS - sent);
    for (let i = 0; i < round; i++) {
      const conversation = value<{ id: string }>(
        await client.request('conversations.create', { agentId, title: `chat ${sent + i}` }),
        'conversations.create',
      );
      ackedUser.set(conversation.id, new Set());
      ackedAnswers.set(conversation.id, new Set());
      // Subscribed before the turn starts: this client receives that conversation's events only.
      value(
        await client.request('events.subscribe', { topics: [`conversation:${conversation.id}`] }),
        'events.subscribe',
      );
      const turn = await client.request('chat.send', { conversationId: conversation.id, text: `question ${sent + i}` });
      ackedUser.get(conversation.id)!.add(value<{ userMessageId: string }>(turn, 'chat.send').userMessageId);
    }
    sent += round;
    // Kill while text flows (batched ~10 per second per chat), at a different point each round.
    const target = 1 + ((kills * 7) % 12);
    const deadline = Date.now() + 60_000;
    while (streaming < target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(streaming, 'tokens streamed before the kill').toBeGreaterThan(0);
    expect(await host.kill9()).toBe('SIGKILL');
    kills++;
    console.log(`round ${kills}: ${sent}/${CHATS} chats sent, killed after ${streaming} tokens`);
    expect(integrityCheck(path.join(dataDir, 'outpost.db'))).toBe('ok');
  }

  const host = await startHost(dataDir);
  const client = await connect(host);
  let checked = 0;
  for (const [conversationId, userIds] of ackedUser) {
    const messages = value<{ id: string; role: string }[]>(
      await client.request('conversations.messages', { conversationId }),
      'conversations.messages',
    );
    const ids = new Set(messages.map((message) => message.id));
    for (const id of [...userIds, ...(ackedAnswers.get(conversationId) ?? [])]) {
      expect(ids.has(id), `message ${id} of ${conversationId}`).toBe(true);
      checked++;
    }
  }
  expect(checked).toBeGreaterThanOrEqual(CHATS);
  client.close();
  await host.stop();
  expect(integrityCheck(path.join(dataDir, 'outpost.db'))).toBe('ok');
  console.log(`kill -9 fault: ${CHATS} chats, ${kills} kills, ${checked} acknowledged messages all present`);
});
