import { expect, test } from 'vitest';
import { isLoopbackHost, PublicOrigins } from './public-origins.js';

const onLoopback = new PublicOrigins({ host: '127.0.0.1', port: 5000, publicOrigins: [] });
const onAnyPort = new PublicOrigins({ host: '127.0.0.1', port: 0, publicOrigins: [] });
const proxied = new PublicOrigins({
  host: '0.0.0.0',
  port: 5000,
  publicOrigins: ['https://stats.example.com'],
});

test('loopback is 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost; 0.0.0.0 and LAN addresses are not', () => {
  for (const host of [
    '127.0.0.1',
    '127.8.9.10',
    '::1',
    '[::1]',
    'localhost',
    'LOCALHOST',
    '::ffff:127.0.0.1',
  ]) {
    expect(isLoopbackHost(host), host).toBe(true);
  }
  for (const host of [
    '0.0.0.0',
    '::',
    '192.168.1.20',
    'stats.example.com',
    '128.0.0.1',
    'localhost.example',
  ]) {
    expect(isLoopbackHost(host), host).toBe(false);
  }
});

test('by default the public origins are the loopback origins of the port the request came in on', () => {
  expect(onLoopback.list(5000)).toEqual([
    'http://127.0.0.1:5000',
    'http://localhost:5000',
    'http://[::1]:5000',
  ]);
  expect(onLoopback.isOriginAllowed('http://localhost:5000', undefined)).toBe(true);
  expect(onLoopback.isOriginAllowed('http://localhost:5000', 5001)).toBe(false);
  expect(onLoopback.isOriginAllowed('http://[::1]:5001', 5001)).toBe(true);
  expect(onLoopback.isOriginAllowed('http://localhost', 80)).toBe(true);
  // The port picked by the system when configured as 0 is known only from the request.
  expect(onAnyPort.isOriginAllowed('http://127.0.0.1:41234', undefined)).toBe(true);
  expect(onAnyPort.isOriginAllowed('http://127.0.0.1:41234', 41235)).toBe(false);
  expect(onAnyPort.isOriginAllowed('http://evil.example:41234', undefined)).toBe(false);
});

test('beyond loopback with origins configured, only they are public origins', () => {
  expect(proxied.list(5000)).toEqual(['https://stats.example.com']);
  expect(proxied.isOriginAllowed('https://stats.example.com', 5000)).toBe(true);
  expect(proxied.isOriginAllowed('https://STATS.example.com:443', 5000)).toBe(true);
  expect(proxied.isOriginAllowed('http://stats.example.com', 5000)).toBe(false);
  expect(proxied.isOriginAllowed('http://127.0.0.1:5000', 5000)).toBe(false);
  expect(proxied.isOriginAllowed('null', 5000)).toBe(false);
});

test('hosts: the public origins’ names, localhost and names under it, IP addresses; other names are refused', () => {
  for (const host of [
    'stats.example.com',
    'STATS.example.com:443',
    'stats.example.com.',
    'localhost',
    'a.localhost:1',
  ]) {
    expect(proxied.isHostAllowed(host), host).toBe(true);
  }
  for (const host of ['10.0.0.7:5000', '[fd00::1]:5000', '[::1]', '0.0.0.0']) {
    expect(proxied.isHostAllowed(host), host).toBe(true);
  }
  for (const host of [
    'evil.example',
    'stats.example.com.evil.example',
    'localhost.evil.example',
    '',
    ' localhost',
  ]) {
    expect(proxied.isHostAllowed(host), host).toBe(false);
  }
  expect(onLoopback.isHostAllowed('stats.example.com')).toBe(false);
});
