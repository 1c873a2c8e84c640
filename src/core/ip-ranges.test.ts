import { describe, expect, test } from 'vitest';
import { findRefusedRange, parseIp } from './ip-ranges.js';

function rangeOf(address: string) {
  const ip = parseIp(address);
  if (!ip) throw new Error(`${address} did not parse`);
  return findRefusedRange(ip);
}

describe('IPv4', () => {
  // Each range by its first and last address, and the public neighbours just outside it.
  test.each([
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.0', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', 'reserved'],
    ['192.168.0.1', 'private'],
    ['192.168.255.255', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('%s is %s', (address, range) => {
    expect(rangeOf(address)).toBe(range);
  });

  test.each([
    '1.0.0.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.3.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
  ])('%s is public', (address) => {
    expect(rangeOf(address)).toBeNull();
  });
});

describe('IPv6', () => {
  test.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['fec0::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'],
    ['100::1', 'reserved'],
    ['64:ff9b:1::1', 'private'],
    // IPv4-compatible (deprecated): refused whatever the IPv4 address.
    ['::8.8.8.8', 'reserved'],
    ['5f00::1', 'reserved'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (address, range) => {
    expect(rangeOf(address)).toBe(range);
  });

  test.each(['2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450::1', '2001:200::1', '3ffe::1'])(
    '%s is public',
    (address) => {
      expect(rangeOf(address)).toBeNull();
    },
  );

  test.each([
    // IPv4-mapped, in both spellings.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    // IPv4-translated (RFC 2765).
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['::ffff:0:c0a8:101', 'private'],
    // NAT64 (RFC 6052).
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::169.254.169.254', 'link-local'],
    // 6to4 (RFC 3056).
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
  ])('%s, carrying an IPv4 address, is %s', (address, range) => {
    expect(rangeOf(address)).toBe(range);
  });

  test.each(['::ffff:8.8.8.8', '::ffff:0:808:808', '64:ff9b::8.8.8.8', '2002:808:808::1'])(
    '%s carries a public IPv4 address and is public',
    (address) => {
      expect(rangeOf(address)).toBeNull();
    },
  );
});

describe('parseIp', () => {
  test('reads both families into their numbers', () => {
    expect(parseIp('1.2.3.4')).toEqual({ version: 4, value: 0x01020304n });
    expect(parseIp('2001:db8::ff00:42:8329')).toEqual({
      version: 6,
      value: 0x20010db8000000000000ff0000428329n,
    });
    expect(parseIp('::ffff:1.2.3.4')).toEqual({ version: 6, value: 0xffff01020304n });
    expect(parseIp('1::')).toEqual({ version: 6, value: 1n << 112n });
  });

  // The URL parser turns 127.1, 0x7f.0.0.1 and 2130706433 into 127.0.0.1 before they get here;
  // anything that is not a canonical address is a name, resolved and checked address by address.
  test.each([
    '',
    'localhost',
    '127.1',
    '0x7f.0.0.1',
    '2130706433',
    '010.0.0.1',
    '256.0.0.1',
    '1.2.3.4.5',
    '1.2.3.',
    '[::1]',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':::',
    '1:2:3:4:5:6:7:8::',
    '::12345',
    '::g',
    '1.2.3.4::',
    '::1.2.3',
  ])('%j is not an address', (text) => {
    expect(parseIp(text)).toBeNull();
  });
});
