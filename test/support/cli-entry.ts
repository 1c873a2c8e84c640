/**
 * The arguments that start `streampulse <args>` in a child process of a test: the command line
 * bundled from today's sources once per run (test/support/thread-bundles.ts), or, when a test runs
 * without that setup, the sources through tsx.
 */
export function cliArgs(...args: string[]): string[] {
  const bundle = process.env.STREAMPULSE_TEST_CLI;
  return bundle ? [bundle, ...args] : ['--import', 'tsx', 'src/cli/index.ts', ...args];
}
