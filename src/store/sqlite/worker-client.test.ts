import { expect, test } from 'vitest';
import { workerFlags } from './worker-client.js';

test('storage threads get the profiling flags of the process, never V8 flags nor the main program', () => {
  const argv = [
    '--max-old-space-size=4096',
    '--cpu-prof',
    '--cpu-prof-dir=/tmp/p',
    '--heap-prof',
    '-e',
    'serve()',
    '--input-type=module',
  ];
  expect(workerFlags(argv)).toEqual(['--cpu-prof', '--cpu-prof-dir=/tmp/p', '--heap-prof']);
});
