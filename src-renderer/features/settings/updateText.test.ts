import { describe, expect, it } from 'vitest';
import { updateStatusText } from './updateText';

describe('updateStatusText', () => {
  const currentVersion = '0.2.0';
  it('says why a build cannot update itself', () => {
    expect(
      updateStatusText({ state: 'unavailable', currentVersion, reason: 'headless', message: 'The headless host…' }),
    ).toBe('Not available in this build. The headless host…');
  });
  it('reads every check outcome', () => {
    expect(updateStatusText({ state: 'idle', currentVersion })).toMatch(/never checks on its own/);
    expect(updateStatusText({ state: 'up-to-date', currentVersion, checkedAt: 1 })).toBe(
      'Version 0.2.0 is the latest.',
    );
    expect(updateStatusText({ state: 'available', currentVersion, version: '0.3.0', checkedAt: 1 })).toBe(
      'Version 0.3.0 is available (you have 0.2.0).',
    );
    expect(updateStatusText({ state: 'failed', currentVersion, message: 'offline', checkedAt: 1 })).toBe(
      'The check failed: offline',
    );
  });
});
