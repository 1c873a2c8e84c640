import { findRefusedRange, parseIp, type IpAddress } from './ip-ranges.js';

/**
 * Host names a webhook never goes to, whatever they resolve to: loopback by definition
 * (RFC 6761 `localhost`) or the cloud metadata services.
 */
const REFUSED_HOSTNAMES = new Set([
  'localhost',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** A URL's host name without the brackets of an IPv6 literal. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Why a host name is refused by name (`localhost`, `*.localhost`, metadata names), or null. */
export function findRefusedHostname(hostname: string): string | null {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name.endsWith('.localhost') || REFUSED_HOSTNAMES.has(name)) {
    return `${name} is a local or cloud metadata host name`;
  }
  return null;
}

/** What kind of address a refused one is (`"a loopback address"`), or null for a public one. */
export function describeRefusedAddress(ip: IpAddress): string | null {
  const range = findRefusedRange(ip);
  if (range === null) return null;
  return `${range === 'unspecified' ? 'an' : 'a'} ${range} address`;
}

/**
 * Parses the admin's list of hosts exempt from the address check: comma-separated host names,
 * IP addresses (IPv6 in brackets) or `host:port`, each matched exactly by {@link isAllowedHost}.
 * Returns them as a URL spells its host name (lower case, punycode), with the port if one was
 * given, default ports included (`example.com:443`).
 * @throws TypeError naming the first entry that is not a host or host:port.
 */
export function parseAllowedHosts(list: string): string[] {
  const hosts: string[] = [];
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const url = URL.canParse(`http://${entry}`) ? new URL(`http://${entry}`) : null;
    const port = /:(\d+)$/.exec(entry)?.[1];
    if (!url || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
      throw new TypeError(`'${entry}' is not a host name or host:port`);
    }
    hosts.push(port === undefined ? url.hostname : `${url.hostname}:${Number(port)}`);
  }
  return hosts;
}

/** Whether the URL's host (any port) or host and port is in the allowed list. */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.includes(url.hostname) || allowedHosts.includes(`${url.hostname}:${port}`);
}

/**
 * What can be judged of a webhook URL without resolving it: no credentials in it, and unless the
 * host is allowed, not a refused host name nor an IP literal in a refused range. A host name is
 * judged again, by every address it resolves to, when a webhook is sent. Returns the problem, or
 * null when the URL may be saved.
 */
export function findWebhookUrlProblem(url: string, allowedHosts: readonly string[]): string | null {
  if (!URL.canParse(url)) return 'is not a URL';
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    return 'may not hold credentials: put them in the webhook secret or the receiver, not the URL';
  }
  if (isAllowedHost(parsed, allowedHosts)) return null;
  const host = bareHostname(parsed);
  const ip = parseIp(host);
  const kind = ip && describeRefusedAddress(ip);
  const problem = kind ? `${host} is ${kind}` : ip ? null : findRefusedHostname(host);
  return (
    problem && `${problem}: webhooks are not sent there unless STREAMPULSE_WEBHOOK_ALLOWED_HOSTS names it`
  );
}
