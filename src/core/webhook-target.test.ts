import { expect, test } from 'vitest';
import {
  findRefusedHostname,
  findWebhookUrlProblem,
  isAllowedHost,
  parseAllowedHosts,
} from './webhook-target.js';

test.each([
  'http://127.0.0.1/hook',
  'http://127.1/hook',
  'http://2130706433/hook',
  'http://0x7f.0.0.1/hook',
  'http://0/hook',
  'http://[::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[64:ff9b::10.0.0.1]/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.5:8080/hook',
  'https://[fe80::1]/hook',
  'http://127.0.0.1:6379/',
])('%s is refused when saved, as an IP literal in a refused range', (url) => {
  expect(findWebhookUrlProblem(url, [])).toMatch(/ is an? [a-z -]+ address: /);
});

test.each([
  'http://localhost:8080/hook',
  'http://LOCALHOST./hook',
  'http://api.localhost/hook',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://instance-data/latest/',
])('%s is refused when saved, by its host name', (url) => {
  expect(findWebhookUrlProblem(url, [])).toMatch(/local or cloud metadata host name/);
});

test('a URL with credentials is refused, without echoing them', () => {
  const problem = findWebhookUrlProblem('https://user:pa55word@hooks.example.com/x', []);
  expect(problem).toMatch(/may not hold credentials/);
  expect(problem).not.toContain('pa55word');
  expect(findWebhookUrlProblem('https://token@hooks.example.com/x', [])).toMatch(/credentials/);
  // Even on an allowed host.
  expect(findWebhookUrlProblem('http://u:p@127.0.0.1:8080/', ['127.0.0.1:8080'])).toMatch(/credentials/);
});

test('public addresses and host names pass at save time (names are judged at send time)', () => {
  expect(findWebhookUrlProblem('https://hooks.example.com/clip?token=x', [])).toBeNull();
  expect(findWebhookUrlProblem('http://8.8.8.8/hook', [])).toBeNull();
  expect(findWebhookUrlProblem('http://[2606:4700::1111]/hook', [])).toBeNull();
  expect(findWebhookUrlProblem('http://localhost.example.com/', [])).toBeNull();
});

test('an allowed host passes on the port it names, or on any port when it names none', () => {
  const allowed = parseAllowedHosts('127.0.0.1:8080, LOCALHOST ,[::1]:9000');
  expect(allowed).toEqual(['127.0.0.1:8080', 'localhost', '[::1]:9000']);
  expect(findWebhookUrlProblem('http://127.0.0.1:8080/hook', allowed)).toBeNull();
  expect(findWebhookUrlProblem('http://127.0.0.1:8081/hook', allowed)).toMatch(/loopback/);
  expect(findWebhookUrlProblem('http://localhost:1234/hook', allowed)).toBeNull();
  expect(findWebhookUrlProblem('http://[::1]:9000/', allowed)).toBeNull();
  expect(findWebhookUrlProblem('http://[::1]:9001/', allowed)).toMatch(/loopback/);
  // Not by another spelling of an allowed address: matching is on the host as written.
  expect(findWebhookUrlProblem('http://127.0.0.2:8080/hook', allowed)).toMatch(/loopback/);
});

test('a default port in the list matches URLs that leave it out', () => {
  const allowed = parseAllowedHosts('hooks.lan:80,secure.lan:443');
  expect(isAllowedHost(new URL('http://hooks.lan/x'), allowed)).toBe(true);
  expect(isAllowedHost(new URL('https://hooks.lan/x'), allowed)).toBe(false);
  expect(isAllowedHost(new URL('https://secure.lan/x'), allowed)).toBe(true);
  expect(isAllowedHost(new URL('http://secure.lan/x'), allowed)).toBe(false);
});

test('the allowed list refuses what is not a host or host:port, naming the entry', () => {
  expect(parseAllowedHosts('')).toEqual([]);
  expect(parseAllowedHosts(' , ')).toEqual([]);
  expect(() => parseAllowedHosts('ok.lan,http://x.lan/')).toThrow(/'http:\/\/x.lan\/'/);
  expect(() => parseAllowedHosts('user@x.lan')).toThrow(/'user@x.lan'/);
  expect(() => parseAllowedHosts('x.lan/path')).toThrow(/not a host name/);
  expect(() => parseAllowedHosts('::1')).toThrow(/'::1'/);
  expect(() => parseAllowedHosts('x.lan:99999')).toThrow(/'x.lan:99999'/);
});

test('host names refused by name: localhost and its subdomains, cloud metadata names', () => {
  expect(findRefusedHostname('localhost')).not.toBeNull();
  expect(findRefusedHostname('a.b.localhost.')).not.toBeNull();
  expect(findRefusedHostname('metadata.goog')).not.toBeNull();
  expect(findRefusedHostname('notlocalhost')).toBeNull();
  expect(findRefusedHostname('metadata.example.com')).toBeNull();
});
