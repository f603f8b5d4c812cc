/** Desktop notifications for runs, on a fake NotificationPort: when they come, once, and what a click does. */
import type { Run } from '@contract';
import { describe, expect, it } from 'vitest';
import type { NotificationPort } from '../ports';
import { NO_DESKTOP_NOTIFICATIONS, RunNotifier } from './runNotifier';

function run(status: Run['status'], overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-1',
    jobId: 'job-1',
    jobName: 'Morning summary',
    trigger: 'manual',
    status,
    reason: null,
    limitHit: null,
    error: null,
    slotKey: null,
    missedSlotAt: null,
    triggerPath: null,
    queuedAt: 1,
    startedAt: null,
    endedAt: null,
    durationMs: null,
    promptTokens: 0,
    completionTokens: 0,
    modelId: null,
    conversationId: 'conv-1',
    userMessageId: null,
    answerMessageId: null,
    outputFile: null,
    outputNoteId: null,
    outputTaskId: null,
    ...overrides,
  };
}

function fakePort() {
  const shown: { title: string; body: string; onClick: () => void }[] = [];
  const port: NotificationPort = { unavailable: null, show: (n) => void shown.push(n) };
  return { port, shown };
}

describe('run notifications', () => {
  it('notifies once when a run parks for approval, and a click opens the Inbox', () => {
    const { port, shown } = fakePort();
    let opened = 0;
    const notifier = new RunNotifier({ port, jobName: () => 'Morning summary', openInbox: () => opened++ });
    notifier.runChanged(run('waiting'));
    notifier.runChanged(run('running'));
    expect(shown).toEqual([]);
    notifier.runChanged(run('waiting-for-approval'));
    notifier.runChanged(run('waiting-for-approval', { reason: 'still parked' }));
    expect(shown.map((n) => n.title)).toEqual(['Morning summary needs your approval']);
    shown[0]!.onClick();
    expect(opened).toBe(1);
    // Approved, then parked again on a second tool call: a second notification.
    notifier.runChanged(run('running'));
    notifier.runChanged(run('waiting-for-approval'));
    expect(shown).toHaveLength(2);
  });

  it('notifies when a run fails, with why, and not for other endings', () => {
    const { port, shown } = fakePort();
    const notifier = new RunNotifier({ port, jobName: () => 'Inbox sweep', openInbox: () => undefined });
    notifier.runChanged(run('succeeded', { id: 'a' }));
    notifier.runChanged(run('limit', { id: 'b' }));
    notifier.runChanged(run('cancelled', { id: 'c' }));
    notifier.runChanged(run('interrupted', { id: 'd' }));
    expect(shown).toEqual([]);
    notifier.runChanged(run('failed', { id: 'e', error: { code: 'approval_expired', message: 'Nobody answered' } }));
    expect(shown.map((n) => [n.title, n.body])).toEqual([['Inbox sweep failed', 'Nobody answered']]);
  });

  it('headless shows nothing and says why', () => {
    const notifier = new RunNotifier({
      port: NO_DESKTOP_NOTIFICATIONS,
      jobName: () => 'x',
      openInbox: () => undefined,
    });
    expect(() => notifier.runChanged(run('waiting-for-approval'))).not.toThrow();
    expect(NO_DESKTOP_NOTIFICATIONS.unavailable).toMatch(/headless/);
  });
});
