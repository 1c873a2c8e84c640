import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, MAX_REPORTED_ISSUES, ValidationError, type ValidationIssue } from '../core/errors.js';
import { IssueCollector } from '../core/issue-collector.js';
import { parseEventBatchInSlices, withoutNul, type LiveEvent, type ParseResult } from '../core/live-event.js';
import { parseNdjsonInSlices } from '../core/ndjson.js';
import { reportFutureTimes } from '../core/event-time.js';
import type { Pause } from '../core/slices.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { BatchOutcome } from './profile-batcher.js';
import type { Pipeline } from './pipeline.js';

export interface IngestOptions {
  /** Wire events stamped further ahead of `now` than this are refused. */
  maxFutureMs: number;
  /** Lets a push of `events` events in, or throws (a quota); pushes only, never connectors. */
  admit?: (profile: string, events: number) => Promise<void>;
  /** Told of every pushed batch refused, with the error's code (metrics); pushes only. */
  rejected?: (profile: string, code: string) => void;
}

/** Who pushes: a key bound to one stream may push only that stream's events. */
export interface IngestScope {
  onlyStream?: string | null;
}

export interface IngestResult {
  stored: number;
  duplicates: number;
}

/** Lets the event loop serve other work between slices of a large batch. */
const yieldToEventLoop: Pause = () => nextTurn();

/**
 * Validates events against the schema and the profile's streams, then submits them.
 * All or nothing: one bad event rejects the batch with its problems listed (at most
 * MAX_REPORTED_ISSUES, and their total), and stores nothing. A batch with no events is refused
 * too, and one larger than the pipeline takes (BATCH_TOO_LARGE) before it is validated. Large
 * batches are validated in slices, so the event loop keeps serving meanwhile.
 */
export class IngestService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly pipeline: Pipeline,
    private readonly options: IngestOptions,
    private readonly now: () => number = Date.now,
    private readonly pause: Pause = yieldToEventLoop,
  ) {}

  /** A batch of raw wire events (a parsed JSON array). */
  ingest(profile: string, raw: readonly unknown[], scope: IngestScope = {}): Promise<IngestResult> {
    return this.counted(profile, async () => {
      const streams = await this.streamIds(profile, scope);
      this.pipeline.checkBatchSize(raw.length);
      await this.options.admit?.(profile, raw.length);
      return this.ingestParsed(profile, streams, this.inTime(await parseEventBatchInSlices(raw, this.pause)));
    });
  }

  /** A batch as NDJSON text, one wire event per line. */
  ingestNdjson(profile: string, text: string, scope: IngestScope = {}): Promise<IngestResult> {
    return this.counted(profile, async () => {
      const streams = await this.streamIds(profile, scope);
      const parsed = await parseNdjsonInSlices(text, this.pause, (n) => this.pipeline.checkBatchSize(n));
      if (parsed.ok) await this.options.admit?.(profile, parsed.events.length);
      return this.ingestParsed(profile, streams, this.inTime(parsed));
    });
  }

  /** Already normalised events (replay, connectors): checks their streams exist, then submits. */
  async submit(profile: string, events: readonly LiveEvent[]): Promise<IngestResult> {
    const streams = await this.streamIds(profile);
    // Nothing heard is nothing to store: only pushed batches must hold events.
    if (events.length === 0) return { stored: 0, duplicates: 0 };
    return this.ingestParsed(profile, streams, { ok: true, events: events.map(withoutNul) });
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

  /** Runs a push, telling `rejected` the code it was refused with (INTERNAL for an error without one). */
  private async counted(profile: string, push: () => Promise<IngestResult>): Promise<IngestResult> {
    try {
      return await push();
    } catch (err) {
      this.options.rejected?.(profile, err instanceof AppError ? err.code : 'INTERNAL');
      throw err;
    }
  }

  /** Refuses a parsed wire batch holding events stamped too far in the future (see event-time.ts). */
  private inTime(parsed: ParseResult): ParseResult {
    if (!parsed.ok) return parsed;
    const issues = new IssueCollector();
    if (reportFutureTimes(parsed.events, this.now(), this.options.maxFutureMs, issues.add) === 0)
      return parsed;
    return { ok: false, issues: issues.issues, total: issues.total };
  }

  /** The streams a push may name: the profile's, or the one its key is bound to. */
  private async streamIds(profile: string, scope: IngestScope = {}): Promise<StreamSet> {
    const ids = new Set((await this.profiles.listStreams(profile)).map((s) => s.id));
    if (!scope.onlyStream) return { ids };
    return {
      ids: new Set(ids.has(scope.onlyStream) ? [scope.onlyStream] : []),
      onlyStream: scope.onlyStream,
    };
  }

  private async ingestParsed(
    profile: string,
    streams: StreamSet,
    parsed: ParseResult,
  ): Promise<IngestResult> {
    if (!parsed.ok) throw invalidBatch(parsed.issues, parsed.total);
    if (parsed.events.length === 0) {
      throw new ValidationError(
        'the batch holds no events; send at least one',
        [{ field: '(batch)', message: 'holds no events' }],
        'EVENT_INVALID',
      );
    }
    const issues = new IssueCollector();
    parsed.events.forEach((e, index) => {
      if (streams.ids.has(e.stream)) return;
      issues.add(
        streams.onlyStream ? otherStream(streams.onlyStream, index) : unknownStream(profile, e.stream, index),
      );
    });
    if (issues.total > 0) throw invalidBatch(issues.issues, issues.total);
    return toResult(await this.pipeline.submit(profile, parsed.events));
  }
}

function invalidBatch(issues: readonly ValidationIssue[], total: number): ValidationError {
  const listed = total > issues.length ? ` (the first ${MAX_REPORTED_ISSUES} are listed)` : '';
  return new ValidationError(
    `${total} problem(s) in the batch${listed}; nothing was stored`,
    issues,
    'EVENT_INVALID',
    total,
  );
}

const toResult = ({ stored, duplicates }: BatchOutcome): IngestResult => ({ stored, duplicates });

interface StreamSet {
  ids: ReadonlySet<string>;
  onlyStream?: string;
}

function otherStream(onlyStream: string, index: number): ValidationIssue {
  return { index, field: 'stream', message: `this key may push to stream '${onlyStream}' only` };
}

function unknownStream(profile: string, stream: string, index: number): ValidationIssue {
  return {
    index,
    field: 'stream',
    message: `unknown stream '${stream}'; create it first with POST /api/profiles/${profile}/streams`,
  };
}
