import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

test('the lease, live and job tunables come from the environment with their defaults', () => {
  const config = loadConfig({}, {});
  expect(config.leases).toEqual({ ttlMs: 5000, intervalMs: 1500 });
  expect(config.live.activityLimit).toBe(50);
  expect(config.jobs).toEqual({ sweepIntervalMs: 15_000, analysisIntervalMs: 60_000 });
  const set = loadConfig({ STREAMPULSE_LEASE_TTL_MS: '10000' }, { STREAMPULSE_LEASE_INTERVAL_MS: '4000' });
  expect(set.leases).toEqual({ ttlMs: 10_000, intervalMs: 4000 });
});

test('a lease interval over half the lease TTL is refused, naming both settings', () => {
  const load = () =>
    loadConfig({ STREAMPULSE_LEASE_TTL_MS: '4000', STREAMPULSE_LEASE_INTERVAL_MS: '2500' }, {});
  expect(load).toThrow(ConfigError);
  expect(load).toThrow(/STREAMPULSE_LEASE_INTERVAL_MS \(--lease-interval-ms\).*STREAMPULSE_LEASE_TTL_MS/);
});

test('webhook allowed hosts are parsed into exact hosts, and a bad entry is named', () => {
  expect(loadConfig({}, {}).webhooks.allowedHosts).toEqual([]);
  const set = loadConfig({}, { STREAMPULSE_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:8080, Hooks.LAN' });
  expect(set.webhooks.allowedHosts).toEqual(['127.0.0.1:8080', 'hooks.lan']);
  const load = () => loadConfig({ STREAMPULSE_WEBHOOK_ALLOWED_HOSTS: 'hooks.lan,http://x/' }, {});
  expect(load).toThrow(ConfigError);
  expect(load).toThrow(
    /STREAMPULSE_WEBHOOK_ALLOWED_HOSTS \(--webhook-allowed-hosts\): 'http:\/\/x\/' is not a host/,
  );
});

test('public origins are read as a list of origins, normalised; anything with a path or no scheme is refused', () => {
  expect(loadConfig({}, {}).http.publicOrigins).toEqual([]);
  const set = loadConfig(
    {
      STREAMPULSE_PUBLIC_ORIGINS:
        'https://Stats.Example.com/, http://192.168.1.20:5000,https://a.example:443',
    },
    {},
  );
  expect(set.http.publicOrigins).toEqual([
    'https://stats.example.com',
    'http://192.168.1.20:5000',
    'https://a.example',
  ]);
  for (const bad of [
    'stats.example.com',
    'https://a.example/app',
    'ftp://a.example',
    'https://a.example,',
    'https://u:p@a.example',
  ]) {
    expect(() => loadConfig({ STREAMPULSE_PUBLIC_ORIGINS: bad }, {}), bad).toThrow(
      /STREAMPULSE_PUBLIC_ORIGINS \(--public-origins\)/,
    );
  }
});

test('trust proxy is off by default, and takes on/off, a hop count or proxy addresses and ranges', () => {
  const trustProxy = (raw?: string) =>
    loadConfig(raw === undefined ? {} : { STREAMPULSE_TRUST_PROXY: raw }, {}).http.trustProxy;
  expect(trustProxy()).toBe(false);
  expect(trustProxy('on')).toBe(true);
  expect(trustProxy('off')).toBe(false);
  expect(trustProxy('2')).toBe(2);
  expect(trustProxy('10.0.0.1, 172.16.0.0/12,::1,fd00::/8,loopback')).toEqual([
    '10.0.0.1',
    '172.16.0.0/12',
    '::1',
    'fd00::/8',
    'loopback',
  ]);
  for (const bad of ['yes', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1', '10.0.0.1,']) {
    expect(() => trustProxy(bad), bad).toThrow(/STREAMPULSE_TRUST_PROXY \(--trust-proxy\)/);
  }
});

test('the log format is json unless set to pretty, and any other value is refused naming the setting', () => {
  expect(loadConfig({}, {}).logFormat).toBe('json');
  expect(loadConfig({}, { STREAMPULSE_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  const load = () => loadConfig({ STREAMPULSE_LOG_FORMAT: 'fancy' }, {});
  expect(load).toThrow(ConfigError);
  expect(load).toThrow(/STREAMPULSE_LOG_FORMAT \(--log-format\): .*"json"\|"pretty"/);
});
