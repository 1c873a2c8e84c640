import { readFileSync } from 'node:fs';
import semver from 'semver';
import { expect, test } from 'vitest';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const oldestSupported = semver.minVersion(pkg.engines.node)!.version;
const [supportedMajor, supportedMinor] = oldestSupported.split('.');

test('package.json, the README quick start and CI name the same oldest Node.js', () => {
  expect(pkg.engines.node).toBe(`>=${supportedMajor}.${supportedMinor}`);
  const quickStart = /## Quick start\n([\s\S]*?)```/.exec(read('README.md'))?.[1] ?? '';
  expect(quickStart).toContain(`Needs Node.js ${supportedMajor}.${supportedMinor} or newer`);
  // CI installs the newest release of that major line when the node on PATH is older.
  expect(read('.ci/run').split('\n')).toEqual(
    expect.arrayContaining([`NODE_MAJOR=${supportedMajor}`, `NODE_MINOR=${supportedMinor}`]),
  );
});

test('every locked dependency declares support for the oldest Node.js the project supports', () => {
  const unsupported = Object.entries(lock.packages)
    .filter(([path]) => path !== '')
    .flatMap(([path, entry]) => {
      // Old lockfile entries may hold engines as an array of strings; those name no Node range.
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range === undefined || semver.satisfies(oldestSupported, range)
        ? []
        : [`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}`];
    });
  expect(unsupported).toEqual([]);
});
