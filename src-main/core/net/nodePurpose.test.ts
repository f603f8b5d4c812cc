/** Node purposes: loopback always, internet nodes never while offline, LAN nodes only when allowed and private. */
import { describe, expect, it } from 'vitest';
import { decide, isPrivateHost } from './networkPolicy';

describe('node requests and offline mode', () => {
  it('lets any node through while online', () => {
    expect(decide('https://api.example.com/v1/models', 'node-internet', false)).toEqual({
      allowed: true,
      reason: 'user-started',
    });
    expect(decide('http://192.168.1.5:8080/v1/models', 'node-lan', false)).toEqual({
      allowed: true,
      reason: 'user-started',
    });
  });

  it('always allows a node on loopback, even offline', () => {
    for (const purpose of ['node-internet', 'node-lan', 'node-lan-offline'] as const)
      expect(decide('http://127.0.0.1:47810/v1/models', purpose, true)).toEqual({ allowed: true, reason: 'loopback' });
  });

  it('blocks internet nodes offline, and LAN nodes unless the user allowed that node', () => {
    expect(decide('https://api.example.com/v1', 'node-internet', true)).toEqual({
      allowed: false,
      reason: 'offline-mode',
    });
    expect(decide('http://192.168.1.5:8080/v1', 'node-lan', true)).toEqual({ allowed: false, reason: 'offline-mode' });
    expect(decide('http://192.168.1.5:8080/v1', 'node-lan-offline', true)).toEqual({
      allowed: true,
      reason: 'lan-in-offline',
    });
  });

  it('does not let a public address pass as a LAN node while offline', () => {
    expect(decide('https://api.example.com/v1', 'node-lan-offline', true)).toEqual({
      allowed: false,
      reason: 'offline-mode',
    });
    expect(decide('http://8.8.8.8/v1', 'node-lan-offline', true)).toEqual({ allowed: false, reason: 'offline-mode' });
  });

  it('knows private addresses and local names', () => {
    for (const host of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.10',
      '169.254.1.1',
      'gpu-box',
      'gpu.local',
      '[fd00::1]',
      'fe80::1',
    ])
      expect(isPrivateHost(host), host).toBe(true);
    for (const host of ['172.32.0.1', '8.8.8.8', 'example.com', '2001:db8::1'])
      expect(isPrivateHost(host), host).toBe(false);
  });
});
