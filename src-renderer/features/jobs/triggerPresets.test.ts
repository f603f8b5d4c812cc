import { describe, expect, it } from 'vitest';
import { cronFor, describeTrigger } from './triggerPresets';

describe('trigger presets', () => {
  it('turns the friendly presets into cron expressions', () => {
    expect(cronFor('daily', '09:00')).toBe('0 9 * * *');
    expect(cronFor('weekdays', '18:30')).toBe('30 18 * * 1-5');
    expect(cronFor('every-n-minutes', '15')).toBe('*/15 * * * *');
    expect(cronFor('every-n-minutes', 'x')).toBe('*/1 * * * *');
  });

  it('describes each trigger kind', () => {
    expect(describeTrigger({ kind: 'schedule', cron: '0 9 * * *', timeZone: 'UTC' })).toBe('Schedule 0 9 * * * (UTC)');
    expect(describeTrigger({ kind: 'manual' })).toBe('Only "Run now"');
  });
});
