import { lookup } from 'node:dns/promises';
import { parseIp } from '../core/ip-ranges.js';
import {
  bareHostname,
  describeRefusedAddress,
  findRefusedHostname,
  isAllowedHost,
} from '../core/webhook-target.js';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (A and AAAA). Rejects when it has none. */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver, as a connection would use it (hosts file, then DNS), every address. */
export const resolveWithSystem: ResolveHost = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * Where a webhook may go: the addresses its connection must use and no other (pinned, so a
 * second resolution cannot move it), or why it may not go at all.
 */
export type WebhookTarget =
  { kind: 'pinned'; addresses: readonly ResolvedAddress[] } | { kind: 'refused'; reason: string };

export interface VetOptions {
  resolve: ResolveHost;
  /** Hosts exempt from the address check (already normalised, see `parseAllowedHosts`). */
  allowedHosts: readonly string[];
}

/**
 * Checks a webhook URL at send time: no credentials in it, then, unless its host is allowed,
 * not a refused host name, and every address of the host (an IP literal is its own address)
 * outside the refused ranges (`findRefusedRange`). One refused address refuses the target, so a
 * name that resolves to a public and a private address cannot reach the private one.
 * @throws whatever `resolve` throws (no address found, DNS failure): worth a retry.
 */
export async function vetWebhookTarget(url: URL, options: VetOptions): Promise<WebhookTarget> {
  if (url.username || url.password) return { kind: 'refused', reason: 'the URL holds credentials' };
  const isAllowed = isAllowedHost(url, options.allowedHosts);
  const hostname = bareHostname(url);
  const literal = parseIp(hostname);
  if (literal) {
    const kind = isAllowed ? null : describeRefusedAddress(literal);
    if (kind) return { kind: 'refused', reason: `${hostname} is ${kind}` };
    return { kind: 'pinned', addresses: [{ address: hostname, family: literal.version }] };
  }
  const refusedName = isAllowed ? null : findRefusedHostname(hostname);
  if (refusedName) return { kind: 'refused', reason: refusedName };
  const resolved = await options.resolve(hostname);
  if (resolved.length === 0) throw new Error(`${hostname} has no address`);
  const addresses: ResolvedAddress[] = [];
  for (const { address } of resolved) {
    const ip = parseIp(address);
    if (!ip) return { kind: 'refused', reason: `${hostname} resolved to '${address}', not an address` };
    const kind = isAllowed ? null : describeRefusedAddress(ip);
    if (kind) return { kind: 'refused', reason: `${hostname} resolves to ${address}, ${kind}` };
    addresses.push({ address, family: ip.version });
  }
  return { kind: 'pinned', addresses };
}
