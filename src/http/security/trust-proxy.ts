/** Which proxies' X-Forwarded-* headers to believe: all, none, the last n hops, or these addresses. */
export type TrustProxySetting = boolean | number | string[];

/**
 * Fastify's `trustProxy` for a setting. A hop count becomes the function Fastify itself makes of
 * one (its types take no number): the n closest hops are trusted.
 */
export function trustProxyOption(
  setting: TrustProxySetting,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
