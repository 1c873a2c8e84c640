import { COUNTER_FIELDS, FRACTIONAL_COUNTERS, type Counters } from '../../core/counters.js';
import type {
  Delta,
  Rollup,
  Session,
  SessionViewerGift,
  SessionViewerTotals,
  ViewerTotals,
} from '../../core/aggregates.js';
import type { QuarterRollup } from '../read-ports.js';
import { quarterIncrements } from '../quarter-rollups.js';
import { COMBINED_KEY, type StatsRow } from '../stats-rows.js';
import type { PgClient } from './postgres-pool.js';
import { CopyBuffer, copyField, sendCopyText } from './copy-text.js';

type SqlType = 'text' | 'bigint' | 'float8';
type Value = string | number | null;

/** A table's columns with their SQL types, and how to read each from a delta row. */
interface Column<R> {
  name: string;
  type: SqlType;
  get: (row: R) => Value;
}

const col = <R>(name: string, type: SqlType, get: (row: R) => Value): Column<R> => ({ name, type, get });
const counterColumns = <R extends Counters>(): Column<R>[] =>
  COUNTER_FIELDS.map((f) => col<R>(f, FRACTIONAL_COUNTERS.has(f) ? 'float8' : 'bigint', (r) => r[f]));

const STATS: Column<StatsRow>[] = [
  col('stream', 'text', (r) => r.stream),
  col('viewers', 'bigint', (r) => r.viewers),
  col('peak_viewers', 'bigint', (r) => r.peak_viewers),
  col('viewers_at', 'bigint', (r) => r.viewers_at),
  col('updated_at', 'bigint', (r) => r.updated_at),
  ...counterColumns<StatsRow>(),
];

const SESSIONS: Column<Session>[] = [
  col('id', 'bigint', (r) => r.id),
  col('stream', 'text', (r) => r.stream),
  col('started_at', 'bigint', (r) => r.started_at),
  col('ended_at', 'bigint', (r) => r.ended_at),
  col('last_event_at', 'bigint', (r) => r.last_event_at),
  col('end_reason', 'text', (r) => r.end_reason),
  col('peak_viewers', 'bigint', (r) => r.peak_viewers),
  col('viewers_sum', 'bigint', (r) => r.viewers_sum),
  col('viewers_n', 'bigint', (r) => r.viewers_n),
  col('events', 'bigint', (r) => r.events),
  ...counterColumns<Session>(),
];

const ROLLUPS: Column<Rollup>[] = [
  col('stream', 'text', (r) => r.stream),
  col('minute', 'bigint', (r) => r.minute),
  col('viewers_last', 'bigint', (r) => r.viewers_last),
  col('viewers_last_at', 'bigint', (r) => r.viewers_last_at),
  col('viewers_min', 'bigint', (r) => r.viewers_min),
  col('viewers_max', 'bigint', (r) => r.viewers_max),
  col('viewers_sum', 'bigint', (r) => r.viewers_sum),
  col('viewers_n', 'bigint', (r) => r.viewers_n),
  col('events', 'bigint', (r) => r.events),
  ...counterColumns<Rollup>(),
];

const viewerColumns = <R extends ViewerTotals>(): Column<R>[] => [
  col('user_id', 'text', (r) => r.user_id),
  col('name', 'text', (r) => r.name),
  col('display', 'text', (r) => r.display),
  col('name_seq', 'bigint', (r) => r.name_seq),
  col('first_seen', 'bigint', (r) => r.first_seen),
  col('last_seen', 'bigint', (r) => r.last_seen),
  col('events', 'bigint', (r) => r.events),
  ...counterColumns<R>(),
];
const VIEWERS = viewerColumns<ViewerTotals>();
const VIEWER_NAMES = VIEWERS.map((c) => c.name).join(', ');
const SESSION_VIEWERS: Column<SessionViewerTotals>[] = [
  col('session_id', 'bigint', (r) => r.session_id),
  ...viewerColumns<SessionViewerTotals>(),
];

const GIFTS: Column<SessionViewerGift>[] = [
  col('session_id', 'bigint', (r) => r.session_id),
  col('user_id', 'text', (r) => r.user_id),
  col('gift_id', 'text', (r) => r.gift_id),
  col('gift_name', 'text', (r) => r.gift_name),
  col('count', 'bigint', (r) => r.count),
  col('coins', 'float8', (r) => r.coins),
  col('biggest', 'float8', (r) => r.biggest),
  col('name_seq', 'bigint', (r) => r.name_seq),
];

/** `column = t.column + excluded.column`: an increment added on conflict. */
const QUARTERS: Column<QuarterRollup>[] = [
  col('stream', 'text', (r) => r.stream),
  col('quarter', 'bigint', (r) => r.quarter),
  col('viewers_sum', 'bigint', (r) => r.viewers_sum),
  col('viewers_n', 'bigint', (r) => r.viewers_n),
  ...counterColumns<QuarterRollup>(),
];

const addUp = (column: string) => `${column} = t.${column} + excluded.${column}`;

const replaceAll = <R>(columns: Column<R>[]) =>
  columns.map((c) => `${c.name} = excluded.${c.name}`).join(', ');

// The name of the later event wins; sums add; first and last seen widen. The counters' sums are
// added per statement (see Upsert).
const MERGE_VIEWER = `name = CASE WHEN excluded.name_seq > t.name_seq THEN excluded.name ELSE t.name END,
  display = CASE WHEN excluded.name_seq > t.name_seq THEN excluded.display ELSE t.display END,
  name_seq = greatest(t.name_seq, excluded.name_seq),
  first_seen = least(t.first_seen, excluded.first_seen), last_seen = greatest(t.last_seen, excluded.last_seen),
  events = t.events + excluded.events`;

// A newer reading (by event time) replaces the minute's last one; on a tie the later event wins.
const LAST_IS_NEW =
  'excluded.viewers_last_at IS NOT NULL AND (t.viewers_last_at IS NULL OR excluded.viewers_last_at >= t.viewers_last_at)';

// least/greatest skip NULLs: a minute without readings keeps the other side's.
const MERGE_ROLLUP = `viewers_last = CASE WHEN ${LAST_IS_NEW} THEN excluded.viewers_last ELSE t.viewers_last END,
  viewers_last_at = CASE WHEN ${LAST_IS_NEW} THEN excluded.viewers_last_at ELSE t.viewers_last_at END,
  viewers_min = least(t.viewers_min, excluded.viewers_min), viewers_max = greatest(t.viewers_max, excluded.viewers_max),
  viewers_sum = t.viewers_sum + excluded.viewers_sum, viewers_n = t.viewers_n + excluded.viewers_n,
  events = t.events + excluded.events`;

const MERGE_QUARTER =
  'viewers_sum = t.viewers_sum + excluded.viewers_sum, viewers_n = t.viewers_n + excluded.viewers_n';

const MERGE_GIFT = `gift_name = CASE WHEN excluded.name_seq > t.name_seq THEN excluded.gift_name ELSE t.gift_name END,
  name_seq = greatest(t.name_seq, excluded.name_seq),
  count = t.count + excluded.count, coins = t.coins + excluded.coins,
  biggest = greatest(t.biggest, excluded.biggest)`;

/**
 * The session viewers just staged, added to the profile-wide totals too, named after the latest
 * event. With several sessions in the batch a viewer of two is summed first (`grouped`); with one,
 * the stage holds a row per viewer already. Counters not sent count 0 and add nothing.
 */
function viewersFromStage(grouped: boolean) {
  return (used: (name: string) => boolean): string => {
    const sent = COUNTER_FIELDS.filter(used);
    const counters = COUNTER_FIELDS.map((f) => (used(f) ? (grouped ? `sum(${f})` : f) : '0'));
    const sums = sent.map((f) => `, ${addUp(f)}`).join('');
    const select = grouped
      ? `user_id, (array_agg(name ORDER BY name_seq DESC))[1], (array_agg(display ORDER BY name_seq DESC))[1],
        max(name_seq), min(first_seen), max(last_seen), sum(events), ${counters.join(', ')}
        FROM pg_temp.session_viewers_stage GROUP BY user_id`
      : `user_id, name, display, name_seq, first_seen, last_seen, events, ${counters.join(', ')}
        FROM pg_temp.session_viewers_stage`;
    return `INSERT INTO viewers AS t (${VIEWER_NAMES})
      SELECT ${select}
      ON CONFLICT (user_id) DO UPDATE SET ${MERGE_VIEWER}${sums}`;
  };
}

/**
 * The upsert of session viewers, counting per session the viewers new to it and those chatting in
 * it for the first time: a merged row whose events are the staged increment's had none before (a
 * row has an event), one whose comments are had not chatted.
 */
function countingNewViewers(upsert: string): string {
  return `WITH merged AS (${upsert} RETURNING t.session_id, t.user_id, t.events, t.comments),
    counted AS (
      SELECT m.session_id, count(*) FILTER (WHERE m.events = s.events) AS viewers,
        count(*) FILTER (WHERE s.comments > 0 AND m.comments = s.comments) AS chatters
      FROM merged m JOIN pg_temp.session_viewers_stage s USING (session_id, user_id)
      GROUP BY m.session_id
    )
    INSERT INTO session_viewer_counts AS c (session_id, viewers, chatters)
    SELECT session_id, viewers, chatters FROM counted WHERE viewers > 0 OR chatters > 0
    ON CONFLICT (session_id) DO UPDATE SET
      viewers = c.viewers + excluded.viewers, chatters = c.chatters + excluded.chatters`;
}

/**
 * The upsert of session viewers through the COPY stage, keeping each session's viewer counts and
 * adding the viewers to the profile-wide totals too.
 */
function sessionViewersUpsert(grouped: boolean): Upsert<SessionViewerTotals> {
  return new Upsert('session_viewers', SESSION_VIEWERS, 'session_id, user_id', MERGE_VIEWER, {
    sums: COUNTER_FIELDS,
    stage: 'session_viewers_stage',
    around: countingNewViewers,
    then: viewersFromStage(grouped),
  });
}

const NEEDS_ESCAPE = /["\\]/;

/** A text element of an array literal: NULL, or double-quoted with quotes and backslashes escaped. */
function quoted(v: Value): string {
  if (v === null) return 'NULL';
  const text = String(v);
  return `"${NEEDS_ESCAPE.test(text) ? text.replace(/["\\]/g, '\\$&') : text}"`;
}

/**
 * A column's values as an array literal. Numbers go as JavaScript writes them (join turns null
 * into an empty element, which the literal must spell NULL).
 */
function arrayLiteral(values: Value[], type: SqlType): string {
  if (type === 'text') return `{${values.map(quoted).join(',')}}`;
  if (values.includes(null)) return `{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`;
  return `{${values.join(',')}}`;
}

/**
 * One multi-row upsert per table, so a batch costs one statement per table however many rows it
 * touches. The rows reach the server either as one array literal per column (built here, far
 * cheaper than pg's generic array encoding) that `unnest` turns back into rows, or, for the table
 * with a row per active viewer, COPYed into a temporary stage table of the connection and merged
 * from there by one INSERT ... SELECT, which then empties it (a third less server time per row
 * than `unnest` here).
 *
 * `sums` are counter columns the update adds up: one that is zero in every row of a batch is left
 * out of it (inserted as 0, not added), so a batch of TikTok events sends no Twitch counters. The
 * statement text per set of columns sent is built once.
 */
class Upsert<R> {
  private readonly texts = new Map<string, string>();
  private readonly summed: boolean[];
  /** The temporary table the rows are COPYed into, and the statement that creates it. */
  private readonly stage: { table: string; setup: string } | undefined;
  private readonly then: ((used: (name: string) => boolean) => string) | undefined;
  private readonly around: ((upsert: string) => string) | undefined;

  constructor(
    private readonly table: string,
    private readonly columns: Column<R>[],
    private readonly conflict: string,
    private readonly update: string,
    options: {
      sums?: readonly string[];
      stage?: string;
      /** A statement run on the stage after the upsert, before it is emptied (given the columns sent). */
      then?: (used: (name: string) => boolean) => string;
      /** The statement the upsert is made part of (given the upsert, without a RETURNING). */
      around?: (upsert: string) => string;
    } = {},
  ) {
    this.summed = columns.map((c) => options.sums?.includes(c.name) ?? false);
    this.then = options.then;
    this.around = options.around;
    if (options.stage !== undefined) {
      // Created by the first transaction of a connection that needs it (so a pooler handing a
      // transaction any server connection still finds one), without the notice that it exists.
      const columnsDdl = columns.map((c) => `${c.name} ${c.type}`).join(', ');
      this.stage = {
        table: `pg_temp.${options.stage}`,
        setup: `SET LOCAL client_min_messages = warning;
          CREATE TEMP TABLE IF NOT EXISTS ${options.stage} (${columnsDdl})`,
      };
    }
  }

  /** The statement (and its parameters or COPY) for these rows, or null when there are none. */
  prepare(rows: Iterable<R>): Statement | null {
    const list = Array.isArray(rows) ? (rows as R[]) : [...rows];
    if (list.length === 0) return null;
    const used = this.usedColumns(list);
    const sent = this.columns.filter((_, i) => used[i]);
    const text = this.text(used, sent);
    if (this.stage === undefined) {
      return { text, values: sent.map((c) => arrayLiteral(list.map(c.get), c.type)) };
    }
    const { table, setup } = this.stage;
    const copy = `COPY ${table} (${sent.map((c) => c.name).join(', ')}) FROM STDIN`;
    return { text, values: [], copy: { setup, sql: copy, text: copyText(list, sent) } };
  }

  /** Which columns go: all but the summed counters that are zero in every row. */
  private usedColumns(rows: R[]): boolean[] {
    const { columns, summed } = this;
    const used = columns.map((_, i) => !summed[i]);
    for (let i = 0; i < columns.length; i++) {
      if (used[i]) continue;
      const get = columns[i]!.get;
      used[i] = rows.some((row) => get(row) !== 0);
    }
    return used;
  }

  /**
   * INSERT ... SELECT from the rows sent (the arrays, or the stage, which it then empties)
   * ... ON CONFLICT, for one set of columns sent.
   */
  private text(used: boolean[], sent: Column<R>[]): string {
    const key = used.map((u) => (u ? '1' : '0')).join('');
    let text = this.texts.get(key);
    if (text === undefined) {
      const { stage } = this;
      const arrays = sent.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
      const names = sent.map((c) => c.name).join(', ');
      const source = stage ? stage.table : `unnest(${arrays}) AS u (${names})`;
      const select = this.columns.map((c, i) => (used[i] ? c.name : '0')).join(', ');
      const sums = this.columns
        .filter((_, i) => this.summed[i] && used[i])
        .map((c) => `, ${addUp(c.name)}`)
        .join('');
      text = `INSERT INTO ${this.table} AS t (${this.columns.map((c) => c.name).join(', ')})
        SELECT ${select} FROM ${source}
        ON CONFLICT (${this.conflict}) DO UPDATE SET ${this.update}${sums}`;
      if (this.around) text = this.around(text);
      if (stage && this.then) {
        const sentNames = new Set(sent.map((c) => c.name));
        text += `; ${this.then((name) => sentNames.has(name))}`;
      }
      if (stage) text += `; TRUNCATE ${stage.table}`;
      this.texts.set(key, text);
    }
    return text;
  }
}

/** Rows as COPY text of these columns. */
function copyText<R>(rows: R[], columns: Column<R>[]): Buffer {
  const text = new CopyBuffer(rows.length * 24 * columns.length);
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const v = c.get(row);
      const field = v === null ? '\\N' : c.type === 'text' ? copyField(v as string) : v;
      line += i === 0 ? field : `\t${field}`;
    }
    text.append(`${line}\n`);
  }
  return text.bytes;
}

interface Statement {
  text: string;
  values: unknown[];
  /** Rows to COPY before the statement runs, after `setup`. */
  copy?: { setup: string; sql: string; text: Buffer };
}

/** A delta turned into statements: built while the batch's events are still being copied. */
export type PreparedDelta = Statement[];

/**
 * Writes a Delta into a profile schema: full rows for stats and sessions, merged increments for
 * rollups and viewer totals (the same merge rules as the SQLite engine's). `prepare` is pure CPU;
 * `apply` must run inside the transaction that stored the delta's events.
 */
export class PostgresDeltaWriter {
  private readonly stats = new Upsert('stats', STATS, 'stream', replaceAll(STATS));
  private readonly sessions = new Upsert('sessions', SESSIONS, 'id', replaceAll(SESSIONS));
  private readonly rollups = new Upsert('rollups', ROLLUPS, 'stream, minute', MERGE_ROLLUP, {
    sums: COUNTER_FIELDS,
  });
  private readonly quarters = new Upsert('quarter_rollups', QUARTERS, 'stream, quarter', MERGE_QUARTER, {
    sums: COUNTER_FIELDS,
  });
  private readonly viewers = new Upsert('viewers', VIEWERS, 'user_id', MERGE_VIEWER, {
    sums: COUNTER_FIELDS,
  });
  /** Session viewers, added to the profile-wide totals from the stage (one session in the batch). */
  private readonly sessionViewers = sessionViewersUpsert(false);
  /** The same, for a batch of several sessions. */
  private readonly sessionViewersGrouped = sessionViewersUpsert(true);
  private readonly gifts = new Upsert(
    'session_viewer_gifts',
    GIFTS,
    'session_id, user_id, gift_id',
    MERGE_GIFT,
  );

  prepare(delta: Delta): PreparedDelta {
    const stats: StatsRow[] = [];
    for (const [stream, s] of delta.stats) stats.push({ ...s, stream });
    if (delta.combined) stats.push({ ...delta.combined, stream: COMBINED_KEY });
    // The longest first (a row per viewer active in the batch): see apply.
    return [
      (delta.sessionViewers.size > 1 ? this.sessionViewersGrouped : this.sessionViewers).prepare(
        flatten(delta.sessionViewers),
      ),
      this.stats.prepare(stats),
      this.sessions.prepare(delta.sessions.values()),
      this.rollups.prepare(flatten(delta.rollups)),
      this.quarters.prepare(quarterIncrements(delta.rollups)),
      this.viewers.prepare(delta.viewers.values()),
      this.gifts.prepare(flatten(delta.sessionGifts)),
    ].filter((s) => s !== null);
  }

  /**
   * Runs the statements in order. `whileFirstRuns` is called once the first (and longest) is
   * sent, its rows already COPYed: the caller may compute while the server works.
   */
  async apply(client: PgClient, statements: PreparedDelta, whileFirstRuns?: () => void): Promise<void> {
    for (const [i, s] of statements.entries()) {
      if (s.copy) {
        await client.query(s.copy.setup);
        await (
          await sendCopyText(client, s.copy.sql, s.copy.text)
        ).stored;
      }
      const running = client.query(s.text, s.values);
      if (i === 0) whileFirstRuns?.();
      await running;
    }
  }

  write(client: PgClient, delta: Delta): Promise<void> {
    return this.apply(client, this.prepare(delta));
  }
}

function* flatten<R>(nested: Map<unknown, Map<unknown, R>>): Iterable<R> {
  for (const inner of nested.values()) yield* inner.values();
}
