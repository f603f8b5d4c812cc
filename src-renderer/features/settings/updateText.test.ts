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
      'The update failed: offline',
    );
  });
  it('reads download progress and a finished download', () => {
    const downloading = { currentVersion, version: '0.3.0', transferredBytes: 1, totalBytes: 3 };
    expect(updateStatusText({ state: 'downloading', percent: 33.4, ...downloading })).toBe(
      'Downloading version 0.3.0… 33%',
    );
    expect(updateStatusText({ state: 'downloaded', currentVersion, version: '0.3.0' })).toMatch(/Restart to update/);
  });
});
