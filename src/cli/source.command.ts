import { Option, type Command } from 'commander';
import type { LiveEvent } from '../core/live-event.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices, type Services } from '../main.js';
import type { DataDirOwner } from '../data-dir-owner.js';
import { replayFile } from '../ingest/replay/replay.js';
import { replayConnectorFactory } from '../ingest/replay/replay.connector.js';
import { backfillDemo } from '../ingest/simulator/demo-backfill.js';
import { ensureDemoProfile } from '../ingest/simulator/demo-profile.js';
import { simulatorConnectorFactory } from '../ingest/simulator/simulator.connector.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { required } from './maintenance.command.js';
import { refuseIfServerRuns, serverUrlOf } from './running-server-guard.js';
import { serverSubmit } from './server-submit.js';

type Options = Record<string, unknown>;

/** A positive number from a flag, or an error naming the flag. */
function numberFlag(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`${flag} must be a number >= 0, got ${JSON.stringify(value)}`);
  return n;
}

export function registerSourceCommands(program: Command): void {
  addConfigOptions(
    program
      .command('replay')
      .description(
        'Play an NDJSON event file into a profile (validated first; nothing is stored if a line is bad)',
      )
      .argument('<file>', 'NDJSON file, one event per line')
      .option('--profile <id>', 'the profile to write to')
      .option('--speed <x>', 'pace: 1 = real time, 10 = ten times faster, 0 = as fast as possible', '0')
      .option('--create', 'create the profile and any missing stream (platform custom) first')
      .option('--stream <id>', "play the file as this stream's live feed, through its connector supervision")
      .option(
        '--server <url>',
        "push the events through a running server's API (e.g. http://127.0.0.1:5000) instead of the data directory",
      )
      .addOption(
        new Option('--key <key>', 'with --server: an API key of the profile with the ingest scope').env(
          'STREAMPULSE_API_KEY',
        ),
      ),
  ).action(async (file: string, options: Options) => {
    const profile = required(options.profile as string | undefined, '--profile');
    const speed = numberFlag(options.speed, '--speed', 0);
    const stream = options.stream as string | undefined;
    if (typeof options.server === 'string') {
      await replayThroughServer(file, profile, speed, options);
      return;
    }
    const replayHint = (owner: DataDirOwner) =>
      `Push the file through it: streampulse replay ${file} --profile ${profile} --server ${serverUrlOf(owner)} --key <an API key of the profile with the ingest scope>; or stop the server first.`;
    await withServices(options, 'replay', replayHint, async (s) => {
      if (stream !== undefined) {
        await s.connectors.run(profile, stream, replayConnectorFactory({ file, speed }));
        const status = await s.connectors.finished(profile, stream);
        if (status?.last_error) throw new Error(status.last_error.message);
        process.stdout.write(`replayed ${file} as the live feed of ${profile}/${stream}\n`);
        return;
      }
      const submit = options.create ? createStreamsThenSubmit(s) : s.ingest.submit.bind(s.ingest);
      const maxFutureMs = s.config.ingest.maxFutureMs;
      const result = await replayFile({ file, profile, speed, submit, maxFutureMs });
      process.stdout.write(
        `replayed ${result.events} events: ${result.stored} stored, ${result.duplicates} duplicates\n`,
      );
    });
  });

  addConfigOptions(
    program
      .command('demo')
      .description(
        'Run the simulator into a profile: in real time until stopped, or --minutes of history at once',
      )
      .option('--profile <id>', 'the profile to write to', 'demo')
      .option('--seed <n>', 'random seed', '1')
      .option('--minutes <m>', 'simulate the last M minutes as fast as possible, then stop'),
  ).action(async (options: Options) => {
    const profile = options.profile as string;
    const seed = numberFlag(options.seed, '--seed', 1);
    const demoHint = () =>
      'The server runs the demo itself with --demo on (its default); or stop the server first.';
    await withServices(options, 'demo', demoHint, async (s) => {
      const streams = await ensureDemoProfile(s.profiles, profile);
      if (options.minutes !== undefined) {
        const minutes = numberFlag(options.minutes, '--minutes', 60);
        const startAt = Date.now() - minutes * 60_000;
        const result = await backfillDemo({
          submit: (p, e) => s.pipeline.submit(p, e),
          profile,
          streams,
          seed,
          startAt,
          minutes,
        });
        process.stdout.write(`simulated ${minutes} minutes into '${profile}': ${result.stored} events\n`);
        return;
      }
      for (const stream of streams)
        await s.connectors.run(profile, stream, simulatorConnectorFactory({ seed }));
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await s.connectors.close();
    });
  });
}

/** Runs `work` over services on the data directory, unless a running server owns it (see the guard). */
async function withServices(
  options: Options,
  command: string,
  instead: (owner: DataDirOwner) => string,
  work: (s: Services) => Promise<void>,
): Promise<void> {
  const config = loadConfig(configOverrides(options));
  refuseIfServerRuns(config, command, instead);
  const services = createServices(
    config,
    createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
  );
  try {
    await work(services);
  } finally {
    await services.close();
  }
}

/** Replays a file through a running server's push API: the profile and its streams exist there. */
async function replayThroughServer(file: string, profile: string, speed: number, options: Options) {
  if (options.stream !== undefined || options.create) {
    throw new Error(
      '--stream and --create work on the data directory; with --server, add the profile and its streams on the server',
    );
  }
  const config = loadConfig(configOverrides(options));
  const submit = serverSubmit(options.server as string, options.key as string | undefined);
  const result = await replayFile({ file, profile, speed, submit, maxFutureMs: config.ingest.maxFutureMs });
  process.stdout.write(
    `replayed ${result.events} events through ${options.server as string}: ${result.stored} stored, ${result.duplicates} duplicates\n`,
  );
}

/** Submits after creating the profile and any missing stream: only once the file proved valid. */
function createStreamsThenSubmit(s: Services) {
  return async (profile: string, events: readonly LiveEvent[]) => {
    await s.profiles.ensure(profile, profile);
    const known = new Set((await s.profiles.listStreams(profile)).map((x) => x.id));
    for (const id of new Set(events.map((e) => e.stream))) {
      if (!known.has(id)) await s.profiles.createStream(profile, { id, platform: 'custom', channel: id });
    }
    return s.ingest.submit(profile, events);
  };
}
