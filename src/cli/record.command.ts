import { createWriteStream, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { LiveEvent } from '../core/live-event.js';
import { loadConfig } from '../config.js';
import { connectorFactories } from '../ingest/connector-factories.js';
import { ConnectorSupervisor } from '../ingest/connector-supervisor.js';
import { createLogger } from '../logger.js';
import { createServices } from '../main.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { required } from './maintenance.command.js';

type Options = Record<string, unknown>;

export function registerRecordCommand(program: Command): void {
  addConfigOptions(
    program
      .command('record')
      .description(
        "Save what a stream's connector hears, as NDJSON events (play it back with `replay`), until stopped",
      )
      .argument('<file>', 'NDJSON file to append the events to')
      .option('--profile <id>', 'the profile of the stream')
      .option('--stream <id>', 'the stream whose platform channel is recorded')
      .option('--seconds <n>', 'stop after this many seconds (default: at Ctrl-C)'),
  ).action(async (file: string, options: Options) => {
    const profile = required(options.profile as string | undefined, '--profile');
    const streamId = required(options.stream as string | undefined, '--stream');
    const seconds = options.seconds === undefined ? null : Number(options.seconds);
    if (seconds !== null && !(seconds > 0))
      throw new Error(`--seconds must be a number > 0, got ${String(options.seconds)}`);
    const config = loadConfig(configOverrides(options));
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
    const services = createServices(config, logger);
    let stream;
    try {
      stream = await services.profiles.getStream(profile, streamId);
    } finally {
      await services.close();
    }
    const out = createWriteStream(file, { flags: 'a' });
    let recorded = 0;
    const supervisor = new ConnectorSupervisor({
      factories: connectorFactories(config),
      submit: async (_p, events) => {
        recorded += events.length;
        await writeLines(out, events);
      },
      onStatus: (_p, s) =>
        process.stderr.write(`${stream.id}: ${s.state}${s.last_error ? ` (${s.last_error.message})` : ''}\n`),
      logger,
    });
    supervisor.start(profile, stream);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      if (seconds !== null) setTimeout(resolve, seconds * 1000).unref();
    });
    await supervisor.close();
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    process.stdout.write(`recorded ${recorded} events of ${profile}/${stream.id} to ${file}\n`);
  });
}

/** Appends events as NDJSON lines, waiting when the file cannot keep up. */
async function writeLines(out: WriteStream, events: readonly LiveEvent[]): Promise<void> {
  const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}
