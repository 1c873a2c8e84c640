import type { Command } from 'commander';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { voidTargetSchema, type VoidOutcome, type VoidTarget } from '../core/void-target.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices } from '../main.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { refuseIfServerRuns, serverUrlOf } from './running-server-guard.js';
import { required } from './maintenance.command.js';

type Options = Record<string, unknown> & {
  profile?: string;
  seq?: string;
  sourceId?: string;
  stream?: string;
  from?: string;
  to?: string;
  reason?: string;
  by?: string;
  dryRun?: boolean;
  server?: string;
  key?: string;
};

/**
 * `streampulse void`: takes back events of a profile (see POST /api/profiles/:profile/events/void),
 * in the data directory, or through a running server's API with `--server` (which a running
 * server needs: it holds the profile's state in memory).
 */
export function registerVoidCommand(program: Command): void {
  addConfigOptions(
    program
      .command('void')
      .description("Take back a profile's events (recorded in the log; aggregates as if they never happened)")
      .option('--profile <id>', 'the profile')
      .option('--seq <from-to>', 'by sequence numbers: one (42) or a range (40-45)')
      .option('--source-id <id>', 'by source id (with --stream: on that stream only)')
      .option('--stream <id>', 'the stream (with --from and --to: its events in that time range)')
      .option('--from <time>', 'start of the time range (epoch ms or ISO-8601), included')
      .option('--to <time>', 'end of the time range (epoch ms or ISO-8601), excluded')
      .option('--reason <text>', 'why (kept in the log)')
      .option('--by <name>', 'who asks (kept in the log)', 'cli')
      .option('--dry-run', 'only count what would be voided')
      .option(
        '--server <url>',
        'a running server to ask (e.g. http://127.0.0.1:5000) instead of the data directory',
      )
      .option(
        '--key <key>',
        'with --server: an API key of the profile with the manage scope (default: $STREAMPULSE_API_KEY)',
      ),
  ).action(async (options: Options) => {
    const profile = required(options.profile, '--profile');
    const reason = required(options.reason, '--reason');
    const target = parseTarget(options);
    const input = { target, reason, by: options.by ?? 'cli', dryRun: options.dryRun === true };
    const outcome = options.server
      ? await voidThroughServer(
          options.server,
          options.key ?? process.env.STREAMPULSE_API_KEY,
          profile,
          input,
        )
      : await voidInDataDir(options, profile, input);
    process.stdout.write(describeOutcome(outcome, input.dryRun));
  });
}

type Input = { target: VoidTarget; reason: string; by: string; dryRun: boolean };

async function voidInDataDir(options: Options, profile: string, input: Input): Promise<VoidOutcome> {
  const config = loadConfig(configOverrides(options));
  // A dry run only counts, which reading the files beside the server does right.
  if (!input.dryRun) {
    refuseIfServerRuns(
      config,
      'void',
      (owner) =>
        `Ask it instead: add --server ${serverUrlOf(owner)} --key <an API key of the profile with the manage scope>; or stop the server first.`,
    );
  }
  const services = createServices(config, createLogger('warn'));
  try {
    return await services.voids.voidEvents(profile, input);
  } finally {
    await services.close();
  }
}

async function voidThroughServer(
  server: string,
  key: string | undefined,
  profile: string,
  input: Input,
): Promise<VoidOutcome> {
  const url = new URL(`/api/profiles/${encodeURIComponent(profile)}/events/void`, server);
  const body = { target: input.target, reason: input.reason, by: input.by, dry_run: input.dryRun };
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status === 401) {
    throw new ValidationError('the server needs an API key of the profile with the manage scope', [
      {
        field: '--key',
        message: key ? 'is not a valid API key' : 'is required with --server (or STREAMPULSE_API_KEY)',
      },
    ]);
  }
  const answer = (await res.json()) as {
    error?: { code: string; message: string; details?: ValidationIssue[] };
  };
  if (answer.error)
    throw new ValidationError(answer.error.message, answer.error.details ?? [], answer.error.code);
  return answer as VoidOutcome;
}

/** The target the flags name: exactly one of --seq, --source-id, or --stream with --from and --to. */
function parseTarget(options: Options): VoidTarget {
  const forms = [options.seq, options.sourceId, options.from ?? options.to].filter((f) => f !== undefined);
  if (forms.length !== 1) {
    throw new ValidationError('name the events to void one way', [
      { field: '--seq | --source-id | --stream --from --to', message: 'give exactly one of these' },
    ]);
  }
  if (options.from !== undefined || options.to !== undefined) {
    const missing = (['stream', 'from', 'to'] as const).filter((k) => options[k] === undefined);
    if (missing.length > 0) {
      throw new ValidationError(
        'a time range names a stream, its start and its end',
        missing.map((k) => ({ field: `--${k}`, message: 'is required with --from and --to' })),
      );
    }
  }
  const raw =
    options.seq !== undefined
      ? { seq: seqRange(options.seq) }
      : options.sourceId !== undefined
        ? { source_id: options.sourceId, ...(options.stream ? { stream: options.stream } : {}) }
        : { stream: options.stream, from: instant(options.from), to: instant(options.to) };
  const parsed = voidTargetSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    'the events to void are not named right',
    parsed.error.issues.map((i) => ({ field: flagOf(i.path), message: i.message })),
  );
}

function seqRange(text: string): { from: number; to: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return { from: Number.NaN, to: Number.NaN };
  return { from: Number(match[1]), to: Number(match[2] ?? match[1]) };
}

function instant(text: string | undefined): number | string | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}

const FLAGS: Record<string, string> = {
  seq: '--seq',
  source_id: '--source-id',
  stream: '--stream',
  from: '--from',
  to: '--to',
};

function flagOf(path: readonly PropertyKey[]): string {
  return FLAGS[String(path[0])] ?? (path.length > 0 ? path.map(String).join('.') : '(target)');
}

function describeOutcome(outcome: VoidOutcome, dryRun: boolean): string {
  if (dryRun) return `would void ${outcome.voided} event(s); nothing was recorded\n`;
  return `voided ${outcome.voided} event(s) with void seq ${outcome.event?.seq}\n`;
}
