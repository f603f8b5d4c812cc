import { describe, expect, it } from 'vitest';
import { inheritPrograms, isBrowserRouteProbe, isLocalAddress, parseConnects } from './straceConnects';

const TRACE = [
  '100 execve("/usr/bin/node", ["node", "headless.js"], 0x7ffd /* 20 vars */) = 0',
  '100 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 21',
  '100 connect(21, {sa_family=AF_INET, sin_port=htons(41233), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
  '100 clone3({flags=CLONE_VM|CLONE_FS, child_tid=0x7f, exit_signal=0, stack=0x7f, stack_size=0x7ff} <unfinished ...>',
  '100 <... clone3 resumed> => {parent_tid=[101]}, 88) = 101',
  '101 connect(22, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.2.3")}, 16) = -1 ENETUNREACH (Network is unreachable)',
  '102 execve("/usr/bin/chromium", ["chromium"], 0x1 /* 3 vars */) = 0',
  '102 socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 5',
  '102 connect(5, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2a00:1450::1", &sin6_addr), sin6_scope_id=0}, 28 <unfinished ...>',
  '102 connect(6, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
  '102 connect(7, {sa_family=AF_UNIX, sun_path="/tmp/x.sock"}, 110) = 0',
  '103 execve("/nope/node", ["node"], 0x1 /* 1 var */) = -1 ENOENT (No such file or directory)',
].join('\n');

describe('parseConnects', () => {
  it('finds IPv4 and IPv6 connects with their program, ignoring Unix sockets', () => {
    const attempts = inheritPrograms(TRACE, parseConnects(TRACE));
    expect(attempts).toEqual([
      { pid: 100, program: '/usr/bin/node', family: 'AF_INET', address: '127.0.0.1', port: 41233, transport: 'tcp' },
      { pid: 101, program: '/usr/bin/node', family: 'AF_INET', address: '10.0.2.3', port: 53, transport: null },
      {
        pid: 102,
        program: '/usr/bin/chromium',
        family: 'AF_INET6',
        address: '2a00:1450::1',
        port: 443,
        transport: 'udp',
      },
      { pid: 102, program: '/usr/bin/chromium', family: 'AF_INET6', address: '::1', port: 8080, transport: null },
    ]);
    expect(attempts.filter((a) => !isLocalAddress(a.address)).map((a) => a.address)).toEqual([
      '10.0.2.3',
      '2a00:1450::1',
    ]);
  });
});

describe('isBrowserRouteProbe', () => {
  const probe = {
    pid: 1,
    program: '/usr/lib/chromium/chromium',
    family: 'AF_INET6' as const,
    address: '2001:4860:4860::8888',
    port: 443,
    transport: 'udp' as const,
  };
  it('recognises only a UDP connect by the browser to the probe address', () => {
    expect(isBrowserRouteProbe(probe)).toBe(true);
    expect(isBrowserRouteProbe({ ...probe, transport: 'tcp' })).toBe(false);
    expect(isBrowserRouteProbe({ ...probe, transport: null })).toBe(false);
    expect(isBrowserRouteProbe({ ...probe, program: '/usr/bin/node' })).toBe(false);
    expect(isBrowserRouteProbe({ ...probe, address: '2001:4860:4860::8844' })).toBe(false);
  });
});

describe('parseConnects with interrupted calls', () => {
  it('keeps the socket type when strace splits socket() across an unfinished/resumed pair', () => {
    const trace = [
      '12140 execve("/usr/lib/chromium/chromium", ["chromium"], 0x0 /* 1 var */) = 0',
      '12140 socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP <unfinished ...>',
      '12141 futex(0x1, FUTEX_WAKE, 1) = 0',
      '12140 <... socket resumed>)             = 23',
      '12140 connect(23, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH (Network is unreachable)',
    ].join('\n');
    const [attempt] = parseConnects(trace);
    expect(attempt).toMatchObject({ transport: 'udp', address: '2001:4860:4860::8888' });
    expect(isBrowserRouteProbe(attempt!)).toBe(true);
  });
});

describe('isLocalAddress', () => {
  it('knows loopback and the unspecified address', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0.0.0.0', '::'])
      expect(isLocalAddress(a), a).toBe(true);
    for (const a of ['10.0.0.1', '192.168.1.1', '8.8.8.8', '::ffff:8.8.8.8', 'fe80::1'])
      expect(isLocalAddress(a), a).toBe(false);
  });
});
