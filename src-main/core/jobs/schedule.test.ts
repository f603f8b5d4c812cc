/** Cron slots on fixed instants: DST changes, month ends, missed slots, and one-off times. */
import { describe, expect, it } from 'vitest';
import { dueSlot, nextRuns } from './schedule';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

describe('schedules', () => {
  it('keeps 9:00 local across the spring-forward change in Europe/Paris', () => {
    const trigger = { kind: 'schedule', cron: '0 9 * * *', timeZone: 'Europe/Paris' } as const;
    // 2026-03-29: clocks go from UTC+1 to UTC+2.
    const runs = nextRuns(trigger, at('2026-03-27T12:00:00Z'), 4).map(iso);
    expect(runs).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
  });

  it('runs a job inside the skipped hour once, at the first time after the gap, and once on the repeated hour', () => {
    // 02:30 does not exist on 2026-03-08 in New York (it runs at 03:00); 01:30 happens twice on 2026-11-01.
    const spring = nextRuns(
      { kind: 'schedule', cron: '30 2 * * *', timeZone: 'America/New_York' },
      at('2026-03-07T12:00:00Z'),
      2,
    );
    expect(spring.map(iso)).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
    const fall = nextRuns(
      { kind: 'schedule', cron: '30 1 * * *', timeZone: 'America/New_York' },
      at('2026-10-31T12:00:00Z'),
      2,
    );
    expect(fall.map(iso)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('finds the last day of each month and skips months without a 31st', () => {
    const last = nextRuns({ kind: 'schedule', cron: '0 18 L * *', timeZone: 'UTC' }, at('2026-01-15T00:00:00Z'), 3);
    expect(last.map(iso)).toEqual(['2026-01-31T18:00:00.000Z', '2026-02-28T18:00:00.000Z', '2026-03-31T18:00:00.000Z']);
    const the31st = nextRuns({ kind: 'schedule', cron: '0 0 31 * *', timeZone: 'UTC' }, at('2026-01-31T12:00:00Z'), 2);
    expect(the31st.map(iso)).toEqual(['2026-03-31T00:00:00.000Z', '2026-05-31T00:00:00.000Z']);
  });

  it('names one due slot for a gap, counting the slots it skipped', () => {
    const trigger = { kind: 'schedule', cron: '*/15 * * * *', timeZone: 'UTC' } as const;
    expect(dueSlot(trigger, at('2026-05-01T10:00:00Z'), at('2026-05-01T10:14:59Z'))).toBeNull();
    expect(dueSlot(trigger, at('2026-05-01T10:00:00Z'), at('2026-05-01T10:15:00Z'))).toEqual({
      at: at('2026-05-01T10:15:00Z'),
      key: 'cron:2026-05-01T10:15:00.000Z',
      skipped: 0,
    });
    // Closed for three hours: 12 slots passed, the latest is the one owed.
    expect(dueSlot(trigger, at('2026-05-01T10:00:00Z'), at('2026-05-01T13:05:00Z'))).toMatchObject({
      key: 'cron:2026-05-01T13:00:00.000Z',
      skipped: 11,
    });
  });

  it('fires a one-off time once and never again', () => {
    const trigger = { kind: 'once', at: at('2026-05-01T10:00:00Z') } as const;
    expect(nextRuns(trigger, at('2026-05-01T09:00:00Z'), 5)).toEqual([trigger.at]);
    expect(dueSlot(trigger, at('2026-05-01T09:00:00Z'), at('2026-05-01T10:00:00Z'))?.key).toBe(`once:${trigger.at}`);
    expect(dueSlot(trigger, at('2026-05-01T10:00:00Z'), at('2026-05-02T10:00:00Z'))).toBeNull();
    expect(nextRuns(trigger, at('2026-05-01T11:00:00Z'), 5)).toEqual([]);
  });

  it('refuses a cron expression it cannot read as bad_request', () => {
    expect(() => nextRuns({ kind: 'schedule', cron: '61 * * * *', timeZone: 'UTC' }, 0, 1)).toThrow(
      expect.objectContaining({ code: 'bad_request' }),
    );
  });
});
