import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { SETTINGS } from '../../src/config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('the README configuration table lists every setting with its flag and default', () => {
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row, name).toBeDefined();
    const [, , flag, fallback] = row!.split('|').map((cell) => cell.trim());
    expect(flag).toBe(`\`${setting.flag}\``);
    const parsed = setting.schema.safeParse(undefined);
    const expected =
      parsed.data === undefined ? '—' : `\`${parsed.data === true ? 'on' : String(parsed.data)}\``;
    expect(fallback, name).toBe(expected);
  }
});

test('the README quick start is two commands, and CI runs the test one', () => {
  const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toContain('npm ci && npm test');
  expect(ci).toContain('npm ci && npm test');
});
