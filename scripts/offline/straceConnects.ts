/** Reads `strace -f -e trace=connect,execve` output: every socket connect, who made it, and where to. */

export interface ConnectAttempt {
  pid: number;
  /** The program the process was running (its last execve), or null if it started before tracing. */
  program: string | null;
  family: 'AF_INET' | 'AF_INET6';
  address: string;
  port: number;
  /** From the socket() call that made the descriptor; null when it was made before tracing. */
  transport: 'tcp' | 'udp' | null;
}

const LINE_PID = /^(\d+)\s+/;
const EXECVE = /execve\("([^"]+)"/;
const INET = /connect\(\d+, \{sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/;
const SOCKET = /socket\(AF_INET6?, (SOCK_STREAM|SOCK_DGRAM)[^)]*\)\s*=\s*(\d+)/;
const CONNECT_FD = /connect\((\d+),/;
const INET6 = /connect\(\d+, \{sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "([^"]+)"/;

/** Loopback and the unspecified address (which the kernel routes to this host) never leave the machine. */
export function isLocalAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (/^127\.\d+\.\d+\.\d+$/.test(v4) || v4 === '0.0.0.0') return true;
  return address === '::1' || address === '::';
}

/** All IPv4/IPv6 connect() calls in a trace; Unix and netlink sockets are not network traffic. */
export function parseConnects(trace: string): ConnectAttempt[] {
  const programs = new Map<number, string>();
  const transports = new Map<string, 'tcp' | 'udp'>();
  // strace splits a call another thread interrupts: `socket(… <unfinished ...>` then `<... socket resumed>) = fd`.
  const pendingSocket = new Map<number, string>();
  const attempts: ConnectAttempt[] = [];
  for (const line of trace.split('\n')) {
    const pid = Number(LINE_PID.exec(line)?.[1] ?? NaN);
    if (Number.isNaN(pid)) continue;
    const unfinished = /socket\((AF_INET6?), (SOCK_\w+)[^<]*<unfinished \.\.\.>/.exec(line);
    if (unfinished?.[2]) pendingSocket.set(pid, unfinished[2]);
    const resumed = /<\.\.\. socket resumed>.*=\s*(\d+)/.exec(line);
    const pendingType = pendingSocket.get(pid);
    if (resumed?.[1] && pendingType) {
      transports.set(`${pid}:${resumed[1]}`, pendingType === 'SOCK_DGRAM' ? 'udp' : 'tcp');
      pendingSocket.delete(pid);
    }
    const socket = SOCKET.exec(line);
    if (socket) transports.set(`${pid}:${socket[2]}`, socket[1] === 'SOCK_DGRAM' ? 'udp' : 'tcp');
    const exec = EXECVE.exec(line);
    // A failed execve (e.g. PATH probing) leaves the old program in place.
    if (exec?.[1] && !/= -1 /.test(line)) programs.set(pid, exec[1]);
    const inet = INET.exec(line);
    const inet6 = inet ? null : INET6.exec(line);
    const match = inet ?? inet6;
    if (!match) continue;
    attempts.push({
      pid,
      program: programs.get(pid) ?? null,
      family: inet ? 'AF_INET' : 'AF_INET6',
      port: Number(match[1]),
      address: match[2] ?? '',
      transport: transports.get(`${pid}:${CONNECT_FD.exec(line)?.[1]}`) ?? null,
    });
  }
  return attempts;
}

/**
 * Chromium's IPv6 reachability probe: a UDP connect() to Google's public resolver that only asks the
 * kernel for a route and sends no packet (net/base/address_family / HostResolver). The test browser, not
 * Outpost, makes it; the offline check reports it separately instead of counting it as traffic.
 */
export function isBrowserRouteProbe(attempt: ConnectAttempt): boolean {
  return (
    attempt.transport === 'udp' &&
    /chromium|chrome/.test(attempt.program ?? '') &&
    attempt.family === 'AF_INET6' &&
    attempt.address === '2001:4860:4860::8888'
  );
}

/** Processes forked without an execve inherit their parent's program; strace shows the fork as clone(). */
export function inheritPrograms(trace: string, attempts: ConnectAttempt[]): ConnectAttempt[] {
  const parent = new Map<number, number>();
  const programs = new Map<number, string>();
  for (const line of trace.split('\n')) {
    const pid = Number(LINE_PID.exec(line)?.[1] ?? NaN);
    if (Number.isNaN(pid)) continue;
    const child = /(?:clone3?|vfork|fork)(?:\(| resumed>).*\)\s*=\s*(\d+)\s*$/.exec(line)?.[1];
    if (child) parent.set(Number(child), pid);
    const exec = EXECVE.exec(line);
    if (exec?.[1] && !/= -1 /.test(line)) programs.set(pid, exec[1]);
  }
  const programOf = (pid: number, depth = 0): string | null => {
    const own = programs.get(pid);
    const inherited = depth < 50 && parent.has(pid) ? programOf(parent.get(pid)!, depth + 1) : null;
    // Chromium re-executes itself as /proc/self/exe for its zygote: that is still its parent's program.
    return own === '/proc/self/exe' ? (inherited ?? own) : (own ?? inherited);
  };
  return attempts.map((attempt) => ({
    ...attempt,
    program:
      attempt.program === null || attempt.program === '/proc/self/exe' ? programOf(attempt.pid) : attempt.program,
  }));
}
