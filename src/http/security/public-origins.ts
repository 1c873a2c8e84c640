import { isIP } from 'node:net';

/** Where browsers may reach the server: the slice of the HTTP config the protections read. */
export interface PublicOriginSettings {
  /** The address the server listens on. */
  host: string;
  /** The configured port; 0 when the system picks one. */
  port: number;
  /** The configured origins, normalised (`https://stats.example.com`); empty for the default. */
  publicOrigins: readonly string[];
}

/** The loopback names and addresses a browser on the server's own machine uses. */
const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** `name`, `name:port`, `[v6]` or `[v6]:port`; the first group is the host name. */
const HOST_HEADER = /^(\[[\da-f:.]+\]|[\w.-]+)(?::\d{1,5})?$/i;

/** True for an address only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const address = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (address === 'localhost' || address === '::1') return true;
  const v4 = address.replace(/^::ffff:/, '');
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The origins whose pages may change things and open the live push, and the hosts the server
 * answers to. The configured public origins; the loopback origins of the port the request came in
 * on when none are configured or when the server listens on loopback.
 */
export class PublicOrigins {
  readonly #configured: ReadonlySet<string>;
  readonly #hostnames: ReadonlySet<string>;
  readonly #hasLoopbackOrigins: boolean;

  constructor(private readonly settings: PublicOriginSettings) {
    this.#configured = new Set(settings.publicOrigins);
    this.#hostnames = new Set(settings.publicOrigins.map((o) => new URL(o).hostname));
    this.#hasLoopbackOrigins = settings.publicOrigins.length === 0 || isLoopbackHost(settings.host);
  }

  /** True when the server listens on more than this machine. */
  get isBeyondLoopback(): boolean {
    return !isLoopbackHost(this.settings.host);
  }

  /** The configured public origins (none: the loopback default). */
  get configured(): readonly string[] {
    return this.settings.publicOrigins;
  }

  /** The origins served by a server listening on `port`. */
  list(port: number): string[] {
    const loopback = this.#hasLoopbackOrigins ? LOOPBACK_HOSTNAMES.map((h) => originOf(h, port)) : [];
    return [...this.#configured, ...loopback];
  }

  /**
   * True when a `Host` header names this server: a public origin's host name, `localhost` (or a
   * name under it) or an IP address. A DNS-rebinding page reaches the server under a name of its
   * own, so only names are refused; browsers resolve `*.localhost` themselves.
   */
  isHostAllowed(host: string): boolean {
    const match = HOST_HEADER.exec(host);
    if (!match) return false;
    const hostname = match[1]!.toLowerCase().replace(/\.$/, '');
    if (this.#hostnames.has(hostname)) return true;
    return isIP(hostname.replace(/^\[(.*)\]$/, '$1')) !== 0 || /(^|\.)localhost$/.test(hostname);
  }

  /**
   * True when `origin` (an `Origin` header) is a public origin. `localPort` is the port the
   * request came in on (the configured one when unknown); a configured port of 0 lets the
   * loopback origins have any port.
   */
  isOriginAllowed(origin: string, localPort: number | undefined): boolean {
    if (!URL.canParse(origin)) return false;
    const url = new URL(origin);
    if (this.#configured.has(url.origin)) return true;
    if (!this.#hasLoopbackOrigins || url.protocol !== 'http:') return false;
    const port = localPort ?? this.settings.port;
    const isLoopbackName = (LOOPBACK_HOSTNAMES as readonly string[]).includes(url.hostname);
    return isLoopbackName && (port === 0 || Number(url.port || 80) === port);
  }
}

function originOf(hostname: string, port: number): string {
  return new URL(`http://${hostname}:${port}`).origin;
}
