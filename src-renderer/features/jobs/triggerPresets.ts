/** Friendly schedule presets ↔ cron expressions, and how a trigger reads in a list. */
import type { JobTrigger } from '@contract';

export type PresetId = 'daily' | 'weekdays' | 'every-n-minutes' | 'cron';

/** The cron expression a preset stands for; `value` is "HH:MM" for daily/weekdays, minutes for every-n. */
export function cronFor(preset: Exclude<PresetId, 'cron'>, value: string): string {
  if (preset === 'every-n-minutes') {
    const n = Math.max(1, Math.min(59, Math.round(Number(value)) || 1));
    return `*/${n} * * * *`;
  }
  const [h, m] = value.split(':').map((part) => Number(part));
  const hour = Number.isInteger(h) ? h : 9;
  const minute = Number.isInteger(m) ? m : 0;
  return `${minute} ${hour} * * ${preset === 'weekdays' ? '1-5' : '*'}`;
}

export function describeTrigger(trigger: JobTrigger): string {
  switch (trigger.kind) {
    case 'schedule':
      return `Schedule ${trigger.cron} (${trigger.timeZone})`;
    case 'once':
      return `Once at ${new Date(trigger.at).toLocaleString()}`;
    case 'app-start':
      return 'When Outpost starts';
    case 'folder':
      return `Files in ${trigger.path}`;
    case 'api':
      return 'API call (POST /v1/jobs/{id}/runs)';
    case 'manual':
      return 'Only "Run now"';
  }
}
