import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Three files at a time even on two cores (the default would be one): most tests wait on
    // sockets, child processes, browsers and timers rather than compute. Measured: one at a time
    // 710 s, two 470 s (a smaller suite), two 700-760 s and three 650 s for today's 1,700 tests.
    maxWorkers: 3,
    // Test files share the modules their worker loaded:
    // loading the app again for each of 230 files took 40% of the suite's CPU. A file that needs
    // a process of its own starts one.
    isolate: false,
    globalSetup: ['./test/support/ensure-services.ts', './test/support/thread-bundles.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
