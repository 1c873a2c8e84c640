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

test('the README quick start is two commands, and CI runs the test one as a line of its own', () => {
  const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
  const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = block
    .trim()
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim());
  expect(commands).toEqual(['npm ci && npm start', 'npm ci && npm run check']);
  expect(ci.split('\n')).toContain(commands[1]);
});

test('npm run check lints and typechecks side by side, then runs every test', () => {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(scripts.check).toBe('node scripts/check.mjs');
  const check = readFileSync(new URL('../../scripts/check.mjs', import.meta.url), 'utf8');
  expect(check).toContain("await Promise.all([run('lint'), run('typecheck')])");
  expect(check.indexOf("run('test')")).toBeGreaterThan(check.indexOf("run('typecheck')"));
});
