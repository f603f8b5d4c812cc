/** When a trigger fires: cron (croner, in the job's time zone, DST per Vixie cron) and one-off times. */
import { Cron } from 'croner';
import { OutpostError, type JobTrigger } from '@contract';

/** A slot whose time passed more than this long ago counts as missed (the app was closed or asleep). */
export const ON_TIME_GRACE_MS = 2 * 60_000;

function cronFor(trigger: Extract<JobTrigger, { kind: 'schedule' }>): Cron {
  try {
    // No callback: croner only computes times here, it never starts a timer of its own.
    return new Cron(trigger.cron, { timezone: trigger.timeZone, paused: true });
  } catch (error) {
    throw new OutpostError('bad_request', `The schedule "${trigger.cron}" is not a valid cron expression`, {
      field: 'trigger.cron',
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Throws bad_request for an expression croner cannot read. */
export function assertValidTrigger(trigger: JobTrigger): void {
  if (trigger.kind === 'schedule') cronFor(trigger);
}

/** The next `count` times after `from` (schedule and one-off triggers); other triggers have none. */
export function nextRuns(trigger: JobTrigger, from: number, count: number): number[] {
  if (trigger.kind === 'once') return trigger.at > from ? [trigger.at] : [];
  if (trigger.kind !== 'schedule') return [];
  return cronFor(trigger)
    .nextRuns(count, new Date(from))
    .map((d) => d.getTime());
}

/** The slot a trigger owes a run for in (after, upto]: the latest one, and how many there were (bounded). */
export interface DueSlot {
  at: number;
  key: string;
  /** More than one slot passed: the earlier ones are dropped whatever the policy. */
  skipped: number;
}

const MAX_COUNTED = 1_000;

export function dueSlot(trigger: JobTrigger, after: number, upto: number): DueSlot | null {
  if (upto <= after) return null;
  if (trigger.kind === 'once') {
    return trigger.at > after && trigger.at <= upto ? { at: trigger.at, key: `once:${trigger.at}`, skipped: 0 } : null;
  }
  if (trigger.kind !== 'schedule') return null;
  const cron = cronFor(trigger);
  // previousRuns reads "before the reference": +1 ms makes a slot exactly at `upto` count.
  const latest = cron.previousRuns(1, new Date(upto + 1))[0]?.getTime();
  if (latest === undefined || latest <= after) return null;
  let skipped = 0;
  for (let t = cron.nextRun(new Date(after)); t && t.getTime() < latest && skipped < MAX_COUNTED; t = cron.nextRun(t)) {
    skipped += 1;
  }
  return { at: latest, key: `cron:${new Date(latest).toISOString()}`, skipped };
}
