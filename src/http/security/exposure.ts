import type { Logger } from 'pino';
import { isLoopbackHost, PublicOrigins, type PublicOriginSettings } from './public-origins.js';

/** The server was asked to listen beyond loopback before anyone could log in to it as admin. */
export class ExposureError extends Error {
  override name = 'ExposureError';
}

/** The slice of the accounts the check reads. */
export interface AdminLookup {
  listUsers(): Promise<readonly { is_admin: boolean; disabled: boolean }[]>;
}

/**
 * Lets the server listen beyond loopback (`STREAMPULSE_HOST` 0.0.0.0, a LAN address, a name)
 * only once an admin user who can log in exists. Throws `ExposureError` naming the command that
 * creates one otherwise; on loopback it checks nothing.
 */
export async function requireAdminBeyondLoopback(host: string, accounts: AdminLookup): Promise<void> {
  if (isLoopbackHost(host)) return;
  const users = await accounts.listUsers();
  if (users.some((u) => u.is_admin && !u.disabled)) return;
  throw new ExposureError(
    `STREAMPULSE_HOST is ${host}, beyond this machine, and no admin user exists yet: ` +
      'create one with `streampulse user create <name> --admin` (same data directory or database), ' +
      'or listen on 127.0.0.1',
  );
}

/**
 * Says where a server listening beyond loopback is served, one line per public origin, and
 * warns when none were configured (browsers elsewhere are then refused).
 */
export function logPublicOrigins(settings: PublicOriginSettings, listening: string, logger: Logger): void {
  const origins = new PublicOrigins(settings);
  if (!origins.isBeyondLoopback) return;
  for (const url of origins.list(Number(new URL(listening).port))) logger.info({ url }, 'public origin');
  if (origins.configured.length === 0) {
    logger.warn(
      { host: settings.host },
      'no STREAMPULSE_PUBLIC_ORIGINS: browsers on other machines are refused until their origin is listed',
    );
  }
}
