import { describe, expect, it } from 'vitest';
import { createTopicSubscriptions, type SubscriptionRoute } from './topicSubscriptions';

function setup(fail = false) {
  const sent: [SubscriptionRoute, string[]][] = [];
  const subs = createTopicSubscriptions(async (route, topics) => {
    sent.push([route, topics]);
    if (fail) throw new Error('disconnected');
  });
  return { subs, sent };
}

describe('topic subscriptions', () => {
  it('sends one request for the topics added in one tick and none for a topic already held', async () => {
    const { subs, sent } = setup();
    const offA = subs.add('models');
    subs.add('settings');
    const offA2 = subs.add('models');
    await subs.settled();
    expect(sent).toEqual([['events.subscribe', ['models', 'settings']]]);
    offA();
    await subs.settled();
    expect(sent).toHaveLength(1); // a second listener still holds "models"
    offA2();
    offA2(); // undoing twice changes nothing
    await subs.settled();
    expect(sent.at(-1)).toEqual(['events.unsubscribe', ['models']]);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing for a topic added and dropped in the same tick, and everything again after a reconnect', async () => {
    const { subs, sent } = setup();
    subs.add('conversation:a')();
    subs.add('memory');
    await subs.settled();
    expect(sent).toEqual([['events.subscribe', ['memory']]]);
    subs.resubscribe();
    await subs.settled();
    expect(sent.at(-1)).toEqual(['events.subscribe', ['memory']]);
  });

  it('tries a failed subscription again on the next reconnect', async () => {
    const failing = setup(true);
    failing.subs.add('models');
    await failing.subs.settled();
    failing.subs.resubscribe();
    await failing.subs.settled();
    expect(failing.sent).toEqual([
      ['events.subscribe', ['models']],
      ['events.subscribe', ['models']],
    ]);
  });
});
