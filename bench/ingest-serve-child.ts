/**
 * The server of the HTTP ingest figures, as a child process: `node --import tsx
 * bench/ingest-serve-child.ts dist|src` (the compiled server, or the sources).
 *
 * It runs the real server (`startServer`, config from the environment) and, in the same process
 * and over the same services, a second app whose access layer takes every request for an ingest
 * key of any profile without looking anything up: the same HTTP ingest where authentication costs
 * nothing (a key, not a login, so that no CSRF check runs either). Both are measured in turn, so
 * the difference is what checking a key costs. This seam exists only here; nothing in the
 * server's config or environment reaches it.
 *
 * Prints one JSON line `{ url, baselineUrl, login, csrf }` once both listen (`login` and `csrf`:
 * an admin's login cookie token and its CSRF token, for setting up profiles and keys through the
 * real app). Stops on SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import type * as AccessModule from '../src/accounts/access.service.js';
import type * as SecretTokenModule from '../src/accounts/secret-token.js';
import type * as ConfigModule from '../src/config.js';
import type * as LoggerModule from '../src/logger.js';
import type * as MainModule from '../src/main.js';
import type { AccessRule } from '../src/accounts/access-rule.js';
import type { Credentials, Principal } from '../src/accounts/principal.js';

const root = process.argv[2] === 'dist' ? 'dist' : 'src';
const load = <T>(module: string) => import(`../${root}/${module}`) as Promise<T>;
const { loadConfig } = await load<typeof ConfigModule>('config.js');
const { createLogger } = await load<typeof LoggerModule>('logger.js');
const { createApp, startServer } = await load<typeof MainModule>('main.js');
const { AccessService } = await load<typeof AccessModule>('accounts/access.service.js');
const { csrfTokenOf } = await load<typeof SecretTokenModule>('accounts/secret-token.js');

/** An ingest key of no stream in particular: what the baseline takes every request for. */
const ANY_INGEST_KEY: Principal = {
  kind: 'key',
  key: {
    id: 'bench',
    profile: '',
    name: 'bench',
    hint: '',
    scopes: ['ingest'],
    stream: null,
    expires_at: null,
    last_used_at: null,
    created_at: 0,
  },
};

/** Every request is ANY_INGEST_KEY and may do anything: no hash, no lookup, no check. */
class TrustingAccess extends AccessService {
  override identify(_credentials: Credentials): Promise<Principal> {
    return Promise.resolve(ANY_INGEST_KEY);
  }

  override check(_principal: Principal, _rule: AccessRule, _profile: string | null): Promise<void> {
    return Promise.resolve();
  }
}

const config = loadConfig();
const logger = createLogger(config.logLevel);
// The first-run link is of no use here: the admin is made below.
const server = await startServer(config, logger, { print: (text) => void process.stderr.write(text) });
const { services } = server;
const password = randomBytes(16).toString('hex');
await services.accounts.createUser({ name: 'bench', password, isAdmin: true });
const login = await services.accounts.login('bench', password, { device: 'bench', address: '127.0.0.1' });
const access = new TrustingAccess(services.accounts, services.apiKeys);
const baseline = await createApp({ ...services, access });
const baselineUrl = await baseline.listen({ host: config.http.host, port: 0 });
process.stdout.write(
  `${JSON.stringify({ url: server.url, baselineUrl, login: login.token, csrf: csrfTokenOf(login.token) })}\n`,
);

const stop = (): void => {
  baseline
    .close()
    .then(() => server.close())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
