/**
 * Where outbound requests (webhooks) may go. A platform chooses the URL, so without this policy it could aim
 * the service at its own network: cloud metadata, Redis on loopback, the admin API. Refused: every
 * special-purpose range of the IANA registries (private, loopback, link-local, CGNAT, unique-local,
 * unspecified, IPv4-mapped, multicast, broadcast, documentation, benchmarking) and the metadata host names.
 * An operator can open ranges with an allow-list of CIDRs (WEBHOOK_ALLOW_PRIVATE: on-premise receivers,
 * tests on loopback); plain http is allowed only towards those, everything else must be https.
 *
 * The verdict is given on addresses, so it is applied where the socket connects (workers/webhooks/post.ts:
 * literal hosts before connecting, names inside the DNS lookup of the connection): a name that resolves to
 * a public address when the URL is saved and to 127.0.0.1 at delivery (DNS rebinding) is refused then.
 * `urlProblem` is the early check at configuration time, on what the URL text alone tells.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';
export interface Cidr { address: string; prefix: number; family: Family }

/** Refused ranges with the name an operator reads in the 422 detail. IPv4-mapped IPv6 is refused as a
 * whole (a receiver never needs it; it would otherwise carry 127.0.0.1 past an IPv6-only list). */
const REFUSED: readonly [range: string, kind: string][] = [
  ['0.0.0.0/8', 'unspecified'], ['10.0.0.0/8', 'private'], ['100.64.0.0/10', 'shared (CGNAT)'], ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], ['172.16.0.0/12', 'private'], ['192.0.0.0/24', 'IETF protocol'],
  ['192.0.2.0/24', 'documentation'], ['192.88.99.0/24', 'reserved'], ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'], ['198.51.100.0/24', 'documentation'], ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'], ['240.0.0.0/4', 'reserved or broadcast'],
  ['::/128', 'unspecified'], ['::1/128', 'loopback'], ['::ffff:0:0/96', 'IPv4-mapped'], ['::/96', 'IPv4-compatible'],
  ['64:ff9b::/96', 'NAT64'], ['64:ff9b:1::/48', 'NAT64'], ['100::/64', 'discard'], ['2001::/23', 'IETF protocol (Teredo)'],
  ['2001:db8::/32', 'documentation'], ['2002::/16', '6to4'], ['fc00::/7', 'unique-local'], ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'], ['ff00::/8', 'multicast'],
];

/** Names of cloud metadata services (their addresses are refused anyway: 169.254.169.254, fd00:ec2::254). */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

function parseCidr(text: string): Cidr | null {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^[0-9]{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  return prefix >= 0 && prefix <= max ? { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' } : null;
}

function parseCidrList(text: string): Cidr[] {
  return text.split(',').filter((s) => s.trim() !== '').map((entry) => {
    const cidr = parseCidr(entry);
    if (!cidr) throw new Error(`WEBHOOK_ALLOW_PRIVATE: "${entry.trim()}" is not an address or CIDR (like 10.1.0.0/16 or fd12::/64)`);
    return cidr;
  });
}

const blockList = (cidrs: readonly Cidr[]) => {
  const list = new BlockList();
  for (const c of cidrs) list.addSubnet(c.address, c.prefix, c.family);
  return list;
};

/** An IPv4 address is judged by the IPv4 ranges only: a BlockList also matches it against `::ffff:0:0/96`. */
const REFUSED_LISTS = REFUSED.map(([range, kind]) => {
  const cidr = parseCidr(range)!;
  return { range, kind, family: cidr.family, list: blockList([cidr]) };
});

export type Verdict = { ok: true } | { ok: false; reason: string };

export class AddressRefusedError extends Error {
  readonly code = 'ERR_ADDRESS_REFUSED';
}

export class AddressPolicy {
  private readonly allowed: BlockList;
  readonly allowList: readonly Cidr[];

  /** allowList: `127.0.0.1/32, 10.1.0.0/16` (WEBHOOK_ALLOW_PRIVATE); throws naming a bad entry. */
  constructor(allowList: string) {
    this.allowList = parseCidrList(allowList);
    this.allowed = blockList(this.allowList);
  }

  /** The verdict on the address a request to `protocol` (`http:` or `https:`) would connect to. */
  address(ip: string, protocol: string): Verdict {
    const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    const family: Family = isIP(bare) === 6 ? 'ipv6' : 'ipv4';
    if (this.allowed.check(bare, family)) return { ok: true };
    const refused = REFUSED_LISTS.find((r) => (family === 'ipv6' || r.family === 'ipv4') && r.list.check(bare, family));
    if (refused) return { ok: false, reason: `${bare} is in ${refused.range} (${refused.kind}), which WEBHOOK_ALLOW_PRIVATE does not open` };
    if (protocol !== 'https:') return { ok: false, reason: 'plain http is allowed only to the ranges of WEBHOOK_ALLOW_PRIVATE: use https' };
    return { ok: true };
  }

  /** What the URL text alone tells (the address of a name is known only when connecting). */
  urlProblem(url: URL): string | null {
    const host = url.hostname.replace(/\.$/, '');
    if (isIP(host.replace(/^\[|\]$/g, ''))) {
      const verdict = this.address(host, url.protocol);
      return verdict.ok ? null : verdict.reason;
    }
    if (METADATA_NAMES.has(host)) return `${host} is a cloud metadata service`;
    if (host === 'localhost' || host.endsWith('.localhost')) {
      const verdict = this.address('127.0.0.1', url.protocol);
      return verdict.ok ? null : `${host} is the loopback: ${verdict.reason}`;
    }
    if (url.protocol !== 'https:' && this.allowList.length === 0) return 'plain http is allowed only to the ranges of WEBHOOK_ALLOW_PRIVATE (none set): use https';
    return null;
  }

  /** A dns.lookup for the sockets of `protocol` requests: answers only the addresses the policy allows, so
   * the socket can connect to nothing else (`localhost` → 127.0.0.1 when allowed, never ::1 when not), and
   * fails with AddressRefusedError when none is. Node calls it with `all: true` when it tries several families. */
  lookup(protocol: string) {
    return (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
      const name = hostname.replace(/\.$/, '').toLowerCase();
      if (METADATA_NAMES.has(name)) return callback(new AddressRefusedError(`${name} is a cloud metadata service`), '');
      dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses) => {
        if (err) return callback(err, '');
        const verdicts = addresses.map((a) => ({ a, verdict: this.address(a.address, protocol) }));
        const allowed = verdicts.filter((v) => v.verdict.ok).map((v) => v.a);
        const first = allowed[0];
        if (!first) {
          const refused = verdicts.map((v) => v.verdict).find((v): v is { ok: false; reason: string } => !v.ok);
          return callback(new AddressRefusedError(refused?.reason ?? `${hostname} has no address`), '');
        }
        if (options.all) callback(null, allowed);
        else callback(null, first.address, first.family);
      });
    };
  }
}
