import { describe, expect, it } from 'vitest';
import { decide } from '../net/networkPolicy';
import { UPDATER_OPTIONS, decideUpdateRequest } from './updatePolicy';

const FEED = 'https://github.com/outpost/outpost/releases/download/v0.2.0/latest-linux.yml';
const desktop = { shell: 'electron' as const, packaged: true, offlineMode: false };

describe('decideUpdateRequest', () => {
  it('allows the HTTPS feed from an installed desktop app', () => {
    expect(decideUpdateRequest(FEED, desktop)).toEqual({ allowed: true });
  });
  it('refuses in offline mode, in a checkout, in the headless host', () => {
    expect(decideUpdateRequest(FEED, { ...desktop, offlineMode: true })).toMatchObject({
      allowed: false,
      reason: 'offline-mode',
    });
    expect(decideUpdateRequest(FEED, { ...desktop, packaged: false })).toMatchObject({
      allowed: false,
      reason: 'not-packaged',
    });
    expect(decideUpdateRequest(FEED, { ...desktop, shell: 'headless' })).toMatchObject({
      allowed: false,
      reason: 'headless',
    });
  });
  it('refuses plain HTTP and junk', () => {
    expect(decideUpdateRequest(FEED.replace('https', 'http'), desktop)).toMatchObject({ reason: 'not-https' });
    expect(decideUpdateRequest('not a url', desktop)).toMatchObject({ reason: 'not-https' });
  });
  it("is the guard's 'updates' purpose: user-started, stopped by offline mode", () => {
    expect(decide(FEED, 'updates', false)).toEqual({ allowed: true, reason: 'user-started' });
    expect(decide(FEED, 'updates', true)).toEqual({ allowed: false, reason: 'offline-mode' });
  });
  it('never downloads or installs on its own', () => {
    expect(UPDATER_OPTIONS).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false });
  });
});
