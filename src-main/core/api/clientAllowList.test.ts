import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_CLIENTS, parseClientAllowList } from './clientAllowList';

describe('client allow-list', () => {
  it('matches addresses and ranges of both families, mapped IPv4 included', () => {
    const list = parseClientAllowList(['192.168.1.0/24', '10.1.2.3', 'fd00::/8']);
    expect(list.allows('192.168.1.77')).toBe(true);
    expect(list.allows('::ffff:192.168.1.77')).toBe(true);
    expect(list.allows('192.168.2.1')).toBe(false);
    expect(list.allows('10.1.2.3')).toBe(true);
    expect(list.allows('10.1.2.4')).toBe(false);
    expect(list.allows('fd12::1')).toBe(true);
    expect(list.allows('fe80::1')).toBe(false);
    expect(list.allows('')).toBe(false);
  });

  it('by default answers loopback and private networks only', () => {
    const list = parseClientAllowList(DEFAULT_ALLOWED_CLIENTS);
    for (const ok of ['127.0.0.1', '::1', '10.9.9.9', '172.20.0.1', '192.168.0.10', 'fd00::5'])
      expect(list.allows(ok), ok).toBe(true);
    for (const no of ['8.8.8.8', '172.32.0.1', '2001:db8::1']) expect(list.allows(no), no).toBe(false);
  });

  it('refuses entries that are not addresses or ranges, naming them', () => {
    for (const bad of ['example.com', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '1.2.3.4/x']) {
      expect(() => parseClientAllowList([bad])).toThrow(expect.objectContaining({ code: 'bad_request' }));
    }
    expect(() => parseClientAllowList(['nope'])).toThrow(/"nope"/);
  });
});
