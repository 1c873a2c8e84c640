import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import {
  EXPORT_FORMATS,
  EXPORT_RESOLUTIONS,
  EXPORT_SHEETS,
  parseSheetList,
  type ExportFormat,
  type ExportQueryInput,
  type ExportResolution,
} from '../export/export-query.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices } from '../main.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { required } from './maintenance.command.js';
import { refuseIfServerRuns, serverUrlOf } from './running-server-guard.js';

type Options = Record<string, unknown> & {
  profile?: string;
  format?: string;
  from?: string;
  to?: string;
  resolution?: string;
  sheets?: string;
  out?: string;
  server?: string;
  key?: string;
};

/** An export ready to be saved: its suggested name and its bytes as they come. */
interface Download {
  filename: string;
  body: Readable;
  /** Settles once the export has stopped producing. */
  done: Promise<void>;
}

/**
 * `streampulse export`: writes a profile's range as xlsx, a CSV zip, JSON or NDJSON to a file (or
 * stdout with `--out -`), from the data directory or database, or through a running server's API
 * with `--server`. On the embedded engine a running server owns the files (it writes the
 * aggregates behind the log, ADR 0007): opening them beside it would write behind its back, so
 * the command then asks for `--server`.
 */
export function registerExportCommand(program: Command): void {
  addConfigOptions(
    program
      .command('export')
      .description("Export a profile's sessions, analytics, contributions, drivers and clips over a range")
      .option('--profile <id>', 'the profile')
      .option('--format <format>', EXPORT_FORMATS.join(', '), 'xlsx')
      .option('--from <time>', 'start (epoch ms or ISO-8601), included; default: 30 days before --to')
      .option('--to <time>', 'end (epoch ms or ISO-8601), excluded; default: now')
      .option('--resolution <interval>', `the Analytics interval: ${EXPORT_RESOLUTIONS.join(', ')}`, 'hour')
      .option('--sheets <list>', `comma-separated: ${EXPORT_SHEETS.join(', ')} (default: all but events)`)
      .option('--out <file>', 'where to write (- for stdout; default: the suggested name, here)')
      .option('--server <url>', 'a running server to ask (e.g. http://127.0.0.1:5000)')
      .option(
        '--key <key>',
        'with --server: an API key of the profile with the read scope (default: $STREAMPULSE_API_KEY)',
      ),
  ).action(async (options: Options) => {
    const profile = required(options.profile, '--profile');
    const input = parseOptions(options);
    const download = options.server
      ? await exportThroughServer(
          options.server,
          options.key ?? process.env.STREAMPULSE_API_KEY,
          profile,
          input,
        )
      : await exportHere(options, profile, input);
    const target = options.out ?? download.filename;
    await saveTo(download, target === '-' ? process.stdout : createWriteStream(target));
    if (target !== '-') process.stderr.write(`wrote ${target}\n`);
  });
}

async function saveTo(download: Download, out: Writable): Promise<void> {
  await pipeline(download.body, out);
  await download.done;
}

async function exportHere(options: Options, profile: string, input: ExportQueryInput): Promise<Download> {
  const config = loadConfig(configOverrides(options));
  refuseIfServerRuns(
    config,
    'export',
    (owner) =>
      `Ask it instead: add --server ${serverUrlOf(owner)} --key <an API key of the profile with the read scope>; or stop the server first.`,
  );
  const services = createServices(config, createLogger('warn'));
  try {
    const download = await services.exports.start(profile, input).catch(renameFields);
    // The services close once the export has stopped reading.
    const done = download.done.finally(() => services.close());
    return { filename: download.filename, body: download.body, done };
  } catch (err) {
    await services.close();
    throw err;
  }
}

async function exportThroughServer(
  server: string,
  key: string | undefined,
  profile: string,
  input: ExportQueryInput,
): Promise<Download> {
  const url = new URL(`/api/profiles/${encodeURIComponent(profile)}/export`, server);
  for (const [name, value] of Object.entries(input)) {
    url.searchParams.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const res = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  if (res.status === 401) {
    throw new ValidationError('the server needs an API key of the profile with the read scope', [
      {
        field: '--key',
        message: key ? 'is not a valid API key' : 'is required with --server (or STREAMPULSE_API_KEY)',
      },
    ]);
  }
  if (!res.ok || !res.body) {
    const answer = (await res.json().catch(() => ({}))) as {
      error?: { code: string; message: string; details?: ValidationIssue[] };
    };
    const error = answer.error ?? { code: 'EXPORT_FAILED', message: `the server answered ${res.status}` };
    renameFields(new ValidationError(error.message, error.details ?? [], error.code));
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename =
    /filename="([^"]+)"/.exec(disposition)?.[1] ?? `streampulse-${profile}.${input.format ?? 'xlsx'}`;
  return {
    filename,
    body: Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
    done: Promise.resolve(),
  };
}

/** Rethrows a validation error with the flags' names in place of the query's fields. */
function renameFields(err: unknown): never {
  if (err instanceof ValidationError && Array.isArray(err.details)) {
    const issues = (err.details as ValidationIssue[]).map((i) => ({
      ...i,
      field: `--${i.field.replace(/^querystring\./, '')}`,
    }));
    throw new ValidationError(err.message, issues, err.code, err.total);
  }
  throw err;
}

/** The flags as an export query; every bad one named in one error. */
function parseOptions(options: Options): ExportQueryInput {
  const issues: ValidationIssue[] = [];
  const input: ExportQueryInput = {};
  const format = options.format ?? 'xlsx';
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) input.format = format as ExportFormat;
  else issues.push({ field: '--format', message: `must be one of ${EXPORT_FORMATS.join(', ')}` });
  const resolution = options.resolution ?? 'hour';
  if ((EXPORT_RESOLUTIONS as readonly string[]).includes(resolution))
    input.resolution = resolution as ExportResolution;
  else issues.push({ field: '--resolution', message: `must be one of ${EXPORT_RESOLUTIONS.join(', ')}` });
  for (const flag of ['from', 'to'] as const) {
    const text = options[flag];
    if (text === undefined) continue;
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(ms))
      issues.push({ field: `--${flag}`, message: 'must be epoch ms or an ISO-8601 time' });
    else input[flag] = ms;
  }
  if (options.sheets !== undefined) {
    const { sheets, unknown } = parseSheetList(options.sheets);
    for (const name of unknown)
      issues.push({
        field: '--sheets',
        message: `unknown sheet '${name}'; known: ${EXPORT_SHEETS.join(', ')}`,
      });
    input.sheets = sheets;
  }
  if (issues.length > 0) throw new ValidationError('the export options are invalid', issues);
  return input;
}
