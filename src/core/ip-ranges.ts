/** An IP address as a number: 32 bits for IPv4, 128 for IPv6. */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

/** Why an address may not receive a webhook: the special-purpose range it lies in. */
export type RefusedRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade NAT'
  | 'link-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

/**
 * Parses an IP address in its usual text form: dotted decimal IPv4 (four parts, no leading
 * zeros, no shorthand), or IPv6 with `::`, an optional dotted IPv4 tail and an optional zone
 * (`%eth0`, ignored). Brackets are not part of an address. Returns null for anything else,
 * a host name included: `"127.1"` and `"0x7f.0.0.1"` are not addresses here, they are names
 * (the URL parser turns them into `127.0.0.1` before they get this far).
 */
export function parseIp(text: string): IpAddress | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === null ? null : { version: 6, value: v6 };
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  const address = text.replace(/%[\w.~-]+$/, '');
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const words: number[][] = [];
  for (const [h, half] of groups.entries()) {
    const parsed: number[] = [];
    for (const [i, group] of half.entries()) {
      // A dotted IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
      const isLast = h === groups.length - 1 && i === half.length - 1;
      const v4 = isLast && group.includes('.') ? parseIpv4(group) : null;
      if (v4 !== null) parsed.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      else if (/^[0-9a-f]{1,4}$/i.test(group)) parsed.push(parseInt(group, 16));
      else return null;
    }
    words.push(parsed);
  }
  const count = words.reduce((n, w) => n + w.length, 0);
  const [head = [], tail] = words;
  // Without `::` there are eight groups; with it, `::` stands for at least one zero group.
  if (tail === undefined) return count === 8 ? toValue(head) : null;
  return count <= 7 ? toValue([...head, ...Array<number>(8 - count).fill(0), ...tail]) : null;
}

function toValue(words: number[]): bigint {
  return words.reduce((value, word) => (value << 16n) | BigInt(word), 0n);
}

interface Range {
  base: bigint;
  bits: number;
  /** The refused range, or where in the address an IPv4 address is embedded (bit offset from the top). */
  verdict: RefusedRange | { embeddedAt: number };
}

function range(cidr: string, verdict: Range['verdict']): Range {
  const [base, bits] = cidr.split('/') as [string, string];
  return { base: parseIp(base)!.value, bits: Number(bits), verdict };
}

// First match wins. Sources: the IANA IPv4 and IPv6 Special-Purpose Address Registries
// (https://www.iana.org/assignments/iana-ipv4-special-registry/, .../iana-ipv6-special-registry/).
const IPV4_RANGES: readonly Range[] = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'carrier-grade NAT'),
  range('127.0.0.0/8', 'loopback'),
  // 169.254.169.254 is the cloud metadata service.
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'),
  range('192.0.2.0/24', 'documentation'),
  range('192.88.99.0/24', 'reserved'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved'),
  range('198.51.100.0/24', 'documentation'),
  range('203.0.113.0/24', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('255.255.255.255/32', 'broadcast'),
  range('240.0.0.0/4', 'reserved'),
];

const IPV6_RANGES: readonly Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  // IPv4-mapped, IPv4-translated (RFC 2765) and NAT64 (RFC 6052): judged by the IPv4 address inside.
  range('::ffff:0:0/96', { embeddedAt: 96 }),
  range('::ffff:0:0:0/96', { embeddedAt: 96 }),
  range('64:ff9b::/96', { embeddedAt: 96 }),
  range('64:ff9b:1::/48', 'private'),
  // 6to4 (RFC 3056): the IPv4 address follows the 2002: prefix.
  range('2002::/16', { embeddedAt: 16 }),
  range('2001:db8::/32', 'documentation'),
  range('3fff::/20', 'documentation'),
  // IETF protocol assignments, Teredo among them.
  range('2001::/23', 'reserved'),
  range('fc00::/7', 'private'),
  range('fec0::/10', 'private'),
  range('fe80::/10', 'link-local'),
  range('ff00::/8', 'multicast'),
];
// Everything else outside global unicast (the deprecated IPv4-compatible ::/96 among it) is reserved.
const GLOBAL_UNICAST = range('2000::/3', 'reserved');

function contains(r: Range, ip: bigint, width: number): boolean {
  const shift = BigInt(width - r.bits);
  return ip >> shift === r.base >> shift;
}

/**
 * The special-purpose range an address lies in, or null for a public unicast address. IPv6
 * forms that carry an IPv4 address (mapped, translated, NAT64, 6to4) are judged by that IPv4
 * address, so `::ffff:127.0.0.1` is loopback like `127.0.0.1`.
 */
export function findRefusedRange(ip: IpAddress): RefusedRange | null {
  const width = ip.version === 4 ? 32 : 128;
  const match = (ip.version === 4 ? IPV4_RANGES : IPV6_RANGES).find((r) => contains(r, ip.value, width));
  if (match === undefined)
    return ip.version === 6 && !contains(GLOBAL_UNICAST, ip.value, 128) ? 'reserved' : null;
  if (typeof match.verdict === 'string') return match.verdict;
  const embedded = (ip.value >> BigInt(128 - match.verdict.embeddedAt - 32)) & 0xffffffffn;
  return findRefusedRange({ version: 4, value: embedded });
}
