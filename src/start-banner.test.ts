import path from 'node:path';
import { expect, test } from 'vitest';
import { loadConfig } from './config.js';
import { describeStart, formatStartBanner, withoutPassword } from './start-banner.js';

const URL_ = 'http://127.0.0.1:5000';

test('the banner of a fresh embedded install names every address, the data, the demo and the setup link', () => {
  const config = loadConfig({ STREAMPULSE_DATA_DIR: 'data' }, {});
  const setup = { url: `${URL_}/setup#token=abc`, minutes: 60 };
  const banner = formatStartBanner(describeStart(config, URL_, '1.2.3', setup));
  expect(banner.split('\n')).toEqual([
    '',
    'StreamPulse 1.2.3 is running.',
    '  Dashboard:  http://127.0.0.1:5000/',
    '  API docs:   http://127.0.0.1:5000/docs',
    '  Engine:     embedded (SQLite files)',
    `  Data:       ${path.resolve('data')}`,
    "  Demo:       on (simulated streams in the profile 'demo'; --demo off to stop it)",
    'Create the owner account (this link works once, from this machine, for 60 minutes):',
    '  http://127.0.0.1:5000/setup#token=abc',
    '',
    '',
  ]);
});

test('on PostgreSQL the banner names the database without its password, and no link once the owner exists', () => {
  const config = loadConfig(
    { STREAMPULSE_DATABASE_URL: 'postgres://sp:s3cret@db.lan:5432/stats', STREAMPULSE_DEMO: 'off' },
    {},
  );
  const facts = describeStart(config, URL_, '1.2.3', null);
  expect(facts).toMatchObject({
    engine: 'postgresql',
    dataDir: null,
    database: 'postgres://sp@db.lan:5432/stats',
  });
  const banner = formatStartBanner(facts);
  expect(banner).toContain('  Engine:     PostgreSQL\n  Database:   postgres://sp@db.lan:5432/stats\n');
  expect(banner).toContain('  Demo:       off\n');
  expect(banner).not.toContain('s3cret');
  expect(banner).not.toContain('setup');
});

test('with a public origin, the dashboard and docs are shown there, beside the listening address', () => {
  const config = loadConfig({ STREAMPULSE_PUBLIC_ORIGINS: 'https://stats.example.com' }, {});
  const banner = formatStartBanner(describeStart(config, URL_, '1.2.3', null));
  expect(banner).toContain(
    '  Dashboard:  https://stats.example.com/\n  API docs:   https://stats.example.com/docs\n  Listening:  http://127.0.0.1:5000\n',
  );
});

test('a database URL without a password is shown as it is', () => {
  expect(withoutPassword('postgresql://db.lan/stats')).toBe('postgresql://db.lan/stats');
});
