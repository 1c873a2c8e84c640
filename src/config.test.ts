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
