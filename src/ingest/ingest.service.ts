import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { parseEventBatch, withoutNul, type LiveEvent, type ParseResult } from '../core/live-event.js';
import { parseNdjson } from '../core/ndjson.js';
import { futureTimeIssues } from '../core/event-time.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { BatchOutcome } from './profile-batcher.js';
import type { Pipeline } from './pipeline.js';

export interface IngestOptions {
  /** Wire events stamped further ahead of `now` than this are refused. */
  maxFutureMs: number;
}

export interface IngestResult {
  stored: number;
  duplicates: number;
}

/**
 * Validates events against the schema and the profile's streams, then submits them.
 * All or nothing: one bad event rejects the batch with every problem listed, and stores nothing.
 */
export class IngestService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly pipeline: Pipeline,
    private readonly options: IngestOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** A batch of raw wire events (a parsed JSON array). */
  ingest(profile: string, raw: readonly unknown[]): Promise<IngestResult> {
    return this.ingestParsed(profile, this.inTime(parseEventBatch(raw)));
  }

  /** A batch as NDJSON text, one wire event per line. */
  ingestNdjson(profile: string, text: string): Promise<IngestResult> {
    return this.ingestParsed(profile, this.inTime(parseNdjson(text)));
  }

  /** Already normalised events (replay, connectors): checks their streams exist, then submits. */
  async submit(profile: string, events: readonly LiveEvent[]): Promise<IngestResult> {
    return this.ingestParsed(profile, { ok: true, events: events.map(withoutNul) });
  }

  /**
   * Records a reset of one stream's live stats, or of every stream of the profile. Resets are
   * events in the log, never silent deletes.
   */
  async reset(profile: string, stream?: string): Promise<IngestResult> {
    const targets = stream
      ? [(await this.profiles.getStream(profile, stream)).id]
      : (await this.profiles.listStreams(profile)).map((s) => s.id);
    const at = this.now();
    const events: LiveEvent[] = targets.map((s) => ({ stream: s, kind: 'reset', at, count: 1, value: 0 }));
    return toResult(await this.pipeline.submit(profile, events));
  }

  /** Refuses a parsed wire batch holding events stamped too far in the future. */
  private inTime(parsed: ParseResult): ParseResult {
    if (!parsed.ok) return parsed;
    const issues = futureTimeIssues(parsed.events, this.now(), this.options.maxFutureMs);
    return issues.length === 0 ? parsed : { ok: false, issues };
  }

  private async ingestParsed(profile: string, parsed: ParseResult): Promise<IngestResult> {
    const streams = new Set((await this.profiles.listStreams(profile)).map((s) => s.id));
    const issues: ValidationIssue[] = parsed.ok ? [] : [...parsed.issues];
    if (parsed.ok) {
      parsed.events.forEach((e, index) => {
        if (!streams.has(e.stream)) issues.push(unknownStream(profile, e.stream, index));
      });
    }
    if (!parsed.ok || issues.length > 0) {
      throw new ValidationError(
        `${issues.length} problem(s) in the batch; nothing was stored`,
        issues,
        'EVENT_INVALID',
      );
    }
    return toResult(await this.pipeline.submit(profile, parsed.events));
  }
}

const toResult = ({ stored, duplicates }: BatchOutcome): IngestResult => ({ stored, duplicates });

function unknownStream(profile: string, stream: string, index: number): ValidationIssue {
  return {
    index,
    field: 'stream',
    message: `unknown stream '${stream}'; create it first with POST /api/profiles/${profile}/streams`,
  };
}
