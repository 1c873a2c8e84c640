/**
 * The server as a child process for the benchmarks: `node bench/serve-child.mjs dist` (the
 * compiled server, plain node, as `npm start` runs it) or `node --import tsx bench/serve-child.mjs
 * src` (the sources). Plain JavaScript, so that against dist/ no compiler loads inside the
 * startup timings, and one file for both ways.
 *
 * Config from the environment, the real `startServer`, then a server admin with a random name
 * and password, made and logged in through the services (random, so that a data directory that
 * has users already, like the startup group's cached data set, takes one more). Prints one JSON
 * line `{ url, login, csrf, adminMs }` once it listens: the admin's login cookie token, its CSRF
 * token, and the time making the admin took (password hashing: a step of the bench, not of a
 * start). Stops on SIGTERM.
 */
import { randomBytes } from 'node:crypto';

const root = process.argv[2] === 'dist' ? 'dist' : 'src';
/** @param {string} module */
const load = (module) => import(`../${root}/${module}`);

/** @type {typeof import('../src/config.js')} */
const { loadConfig } = await load('config.js');
/** @type {typeof import('../src/logger.js')} */
const { createLogger } = await load('logger.js');
/** @type {typeof import('../src/main.js')} */
const { startServer } = await load('main.js');
/** @type {typeof import('../src/accounts/secret-token.js')} */
const { csrfTokenOf } = await load('accounts/secret-token.js');

const config = loadConfig();
// The first-run link is of no use here: the admin is made below.
const server = await startServer(config, createLogger(config.logLevel), {
  print: (text) => void process.stderr.write(text),
});
const adminStart = performance.now();
const name = `bench-${randomBytes(6).toString('hex')}`;
const password = randomBytes(16).toString('hex');
const { accounts } = server.services;
await accounts.createUser({ name, password, isAdmin: true });
const { token } = await accounts.login(name, password, { device: 'bench', address: '127.0.0.1' });
const adminMs = performance.now() - adminStart;
process.stdout.write(
  `${JSON.stringify({ url: server.url, login: token, csrf: csrfTokenOf(token), adminMs })}\n`,
);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
