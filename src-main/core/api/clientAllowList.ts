/**
 * Which client addresses a served API answers (`--serve --allow …`): addresses and CIDR ranges, IPv4 and IPv6,
 * matched with Node's own BlockList. IPv4-mapped IPv6 peers (`::ffff:10.0.0.5`) match their IPv4 entries.
 */
import { BlockList, isIP } from 'node:net';
import { OutpostError } from '@contract';

/** Loopback and the private ranges: a LAN box answers its own network and nobody else by default. */
export const DEFAULT_ALLOWED_CLIENTS = [
  '127.0.0.0/8',
  '::1',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
  'fe80::/10',
] as const;

export interface ClientAllowList {
  readonly entries: readonly string[];
  allows(address: string): boolean;
}

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** Throws `bad_request` naming the first entry that is neither an address nor a CIDR range. */
export function parseClientAllowList(entries: readonly string[]): ClientAllowList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address = '', prefixText, extra] = entry.split('/');
    const family = familyOf(address);
    const max = family === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === null || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new OutpostError('bad_request', `Not an address or CIDR range: "${entry}" (e.g. 192.168.1.0/24)`, {
        entry,
      });
    }
    if (prefixText === undefined) list.addAddress(address, family);
    else list.addSubnet(address, prefix, family);
  }
  return {
    entries: entries.map((e) => e.trim()),
    allows(peer: string) {
      const address = MAPPED_V4.exec(peer)?.[1] ?? peer;
      const family = familyOf(address);
      return family !== null && list.check(address, family);
    },
  };
}
