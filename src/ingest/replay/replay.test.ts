import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UnavailableError, ValidationError } from '../../core/errors.js';
import type { LiveEvent } from '../../core/live-event.js';
import { replayFile, type ReplayOptions } from './replay.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'streampulse-replay-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeNdjson(lines: readonly (string | Record<string, unknown>)[]): string {
  const file = path.join(dir, 'events.ndjson');
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

const like = (at: number | string, id: string): Record<string, unknown> => ({
  stream: 'tiktok-a',
  kind: 'like',
  at,
  id,
});

/** Collects submitted batches and requested sleeps; answers every id seen before as a duplicate. */
function collector(): Pick<ReplayOptions, 'submit' | 'sleep'> & { batches: LiveEvent[][]; sleeps: number[] } {
  const batches: LiveEvent[][] = [];
  const sleeps: number[] = [];
  const seen = new Set<string>();
  return {
    batches,
    sleeps,
    submit: (_profile, events) => {
      batches.push([...events]);
      const fresh = events.filter((e) => !seen.has(e.id ?? '')).length;
      events.forEach((e) => seen.add(e.id ?? ''));
      return Promise.resolve({ stored: fresh, duplicates: events.length - fresh });
    },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

describe('replayFile', () => {
  test('submits every event in file order, in batches, keeping their own times', async () => {
    const file = writeNdjson([
      like(T0, 'a'),
      '',
      like(T0 + 5, 'b'),
      like(T0 + 9, 'c'),
      like(T0 + 9, 'a'),
      like(T0 + 12, 'd'),
    ]);
    const sink = collector();
    const result = await replayFile({ file, profile: 'demo', speed: 0, batchSize: 2, ...sink });
    expect(result).toEqual({ events: 5, stored: 4, duplicates: 1 });
    expect(sink.batches.map((b) => b.map((e) => e.id))).toEqual([['a', 'b'], ['c', 'a'], ['d']]);
    expect(sink.batches[0]?.[1]).toEqual({
      stream: 'tiktok-a',
      kind: 'like',
      at: T0 + 5,
      id: 'b',
      count: 1,
      value: 0,
    });
    expect(sink.sleeps).toEqual([]);
  });

  test('paces by the gaps between events divided by speed', async () => {
    const file = writeNdjson([
      like(T0, 'a'),
      like(T0 + 1000, 'b'),
      like(T0 + 1000, 'c'),
      like(T0 + 4000, 'd'),
    ]);
    const sink = collector();
    await replayFile({ file, profile: 'demo', speed: 10, ...sink });
    expect(sink.sleeps).toEqual([100, 300]);
    expect(sink.batches.map((b) => b.map((e) => e.id))).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  test('waits nothing for an event that is earlier than one before it', async () => {
    const file = writeNdjson([like(T0 + 2000, 'a'), like(T0, 'b'), like(T0 + 3000, 'c')]);
    const sink = collector();
    await replayFile({ file, profile: 'demo', speed: 1, ...sink });
    expect(sink.sleeps).toEqual([1000]);
  });

  test('replays as fast as possible at speed Infinity', async () => {
    const file = writeNdjson([like(T0, 'a'), like(T0 + 60_000, 'b')]);
    const sink = collector();
    await replayFile({ file, profile: 'demo', speed: Infinity, ...sink });
    expect(sink.sleeps).toEqual([]);
    expect(sink.batches).toHaveLength(1);
  });

  test('accepts ISO-8601 and epoch-ms times alike', async () => {
    const file = writeNdjson([
      like('2026-01-10T18:00:00.000Z', 'a'),
      like(T0 + 1, 'b'),
      like('2026-01-10T19:00:00+01:00', 'c'),
    ]);
    const sink = collector();
    await replayFile({ file, profile: 'demo', speed: 0, ...sink });
    expect(sink.batches.flat().map((e) => e.at)).toEqual([T0, T0 + 1, T0]);
  });

  test('names the line and field of the first invalid line and submits nothing', async () => {
    const file = writeNdjson([like(T0, 'a'), '', { stream: 'tiktok-a', kind: 'chat', at: T0 }, 'not json']);
    const sink = collector();
    const error = await replayFile({ file, profile: 'demo', speed: 0, ...sink }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'EVENT_INVALID', details: [{ index: 1, field: 'text' }] });
    expect((error as Error).message).toContain('line 3');
    expect((error as Error).message).toContain('text is required for chat');
    expect(sink.batches).toEqual([]);
  });

  test('refuses a file with a line stamped further ahead than the skew, naming the line, and submits nothing', async () => {
    const now = T0 + 3_600_000;
    const file = writeNdjson([like(T0, 'a'), like(now + 60_000, 'b'), like(now + 10 * 60_000, 'c')]);
    const sink = collector();
    const replay = { file, profile: 'demo', speed: 0, maxFutureMs: 300_000, now: () => now, ...sink };
    const error = await replayFile(replay).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'EVENT_INVALID', details: [{ field: 'at' }] });
    expect((error as Error).message).toContain('line 3');
    expect((error as Error).message).toContain("ahead of the server's clock");
    expect(sink.batches).toEqual([]);
  });

  test('names the line of a line that is not JSON', async () => {
    const file = writeNdjson([like(T0, 'a'), '{"stream":']);
    const sink = collector();
    await expect(replayFile({ file, profile: 'demo', speed: 0, ...sink })).rejects.toThrow(
      /line 2 .*is not valid JSON/,
    );
    expect(sink.batches).toEqual([]);
  });

  test('retries a batch after INGEST_QUEUE_FULL, waiting retryAfterSeconds', async () => {
    const file = writeNdjson([like(T0, 'a'), like(T0 + 1, 'b')]);
    const sink = collector();
    let refusals = 2;
    const submit: ReplayOptions['submit'] = (profile, events) =>
      refusals-- > 0
        ? Promise.reject(new UnavailableError('INGEST_QUEUE_FULL', 'full', 2))
        : sink.submit(profile, events);
    const result = await replayFile({ file, profile: 'demo', speed: 0, submit, sleep: sink.sleep });
    expect(result).toEqual({ events: 2, stored: 2, duplicates: 0 });
    expect(sink.sleeps).toEqual([2000, 2000]);
  });

  test('gives up on any other submit error', async () => {
    const file = writeNdjson([like(T0, 'a')]);
    const submit: ReplayOptions['submit'] = () =>
      Promise.reject(new UnavailableError('SHUTTING_DOWN', 'bye', 5));
    await expect(replayFile({ file, profile: 'demo', speed: 0, submit })).rejects.toThrow('bye');
  });

  test('fails on a file that does not exist', async () => {
    const sink = collector();
    await expect(
      replayFile({ file: path.join(dir, 'missing.ndjson'), profile: 'demo', speed: 0, ...sink }),
    ).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: `cannot read ${path.join(dir, 'missing.ndjson')}: no such file`,
    });
  });

  test('fails on a directory with a message saying so', async () => {
    await expect(replayFile({ file: dir, profile: 'demo', speed: 0, ...collector() })).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: `${dir} is a directory, not a file`,
    });
  });

  test('names the line of hostile content and submits nothing', async () => {
    const cases: [string | Buffer, RegExp][] = [
      [
        `${JSON.stringify(like(T0, 'a'))}\n{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`,
        /line 2 .*nests deeper than 64 levels/,
      ],
      [
        Buffer.concat([
          Buffer.from(`${JSON.stringify(like(T0, 'a'))}\n{"x":"`),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('"}\n'),
        ]),
        /line 2 .*not valid UTF-8/,
      ],
      [`${'x'.repeat(3_000_000)}\n`, /line 1 .*longer than 1048576 bytes/],
      [
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        /line 1 .*not valid UTF-8/,
      ],
      [
        `{"stream":"tiktok-a","kind":"like","at":${T0},"data":{"__proto__":{"x":1}}}\n`,
        /line 1 .*data\.__proto__ is not allowed/,
      ],
    ];
    for (const [content, message] of cases) {
      const file = path.join(dir, 'hostile.ndjson');
      writeFileSync(file, content);
      const sink = collector();
      const error = await replayFile({ file, profile: 'demo', speed: 0, ...sink }).catch(
        (err: unknown) => err,
      );
      expect(error, String(message)).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(message);
      expect(sink.batches).toEqual([]);
    }
  });
});
