import { once } from 'node:events';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { AnalyticsEventGenerator } from '../../../bench/analytics-event-generator.js';
import { EXPORT_FORMATS } from '../../../src/export/export-query.js';
import { PAGE_ROWS } from '../../../src/export/export-sheet.js';
import { ExportService } from '../../../src/export/export.service.js';
import { createLogger } from '../../../src/logger.js';
import type { ProfileStore } from '../../../src/store/ports.js';
import { readXlsx } from '../../support/export-reader.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const DAY0 = Date.UTC(2026, 0, 12);
const EVENTS = 60_000;
/** The pages the export reads the log in. */
const PAGES = EVENTS / PAGE_ROWS;
const RANGE = { from: DAY0, to: DAY0 + 86_400_000 };
/** What may wait in the body for a reader that takes nothing: its 64 KiB and one chunk of ~64 Ki characters. */
const MAX_BUFFERED = 320 * 1024;

let t: TestApp;
/** Pages of the log read by the exports of `counted` (the real store, its reads counted). */
let logReads = 0;
let counted: ExportService;

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'p', name: 'P' });
  await t.services.profiles.createStream('p', { id: 'tiktok-main', platform: 'tiktok', channel: '@p' });
  const gen = new AnalyticsEventGenerator(2_000, 3);
  const events = gen.session({
    stream: 'tiktok-main',
    startAt: DAY0 + 3_600_000,
    durationMs: 3 * 3_600_000,
    events: EVENTS,
  });
  for (let i = 0; i < events.length; i += 20_000)
    await t.services.ingest.submit('p', events.slice(i, i + 20_000));
  const countReads = (store: ProfileStore): ProfileStore =>
    new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== 'listEvents' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          logReads += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  counted = new ExportService({
    profiles: t.services.profiles,
    engine: { openProfile: async (p) => countReads(await t.services.engine.openProfile(p)) },
    drivers: t.services.drivers,
    logger: createLogger('silent'),
    maxSheetRows: 25_000,
  });
});
afterAll(() => t.close());

/** Resolves once the body is full and the export waits for its reader to take some. */
const waitUntilBlocked = (body: Readable) =>
  vi.waitFor(() => expect(body.listenerCount('drain')).toBeGreaterThan(0), { timeout: 10_000 });

describe('an export streams under backpressure', () => {
  test.each(EXPORT_FORMATS)(
    '%s: a reader that takes nothing gets the first bytes, and the export waits with a bounded buffer',
    async (format) => {
      logReads = 0;
      const download = await counted.start('p', { format, ...RANGE, sheets: ['events'] });
      let isDone = false;
      void download.done.then(() => (isDone = true));
      await waitUntilBlocked(download.body);
      // Round trips through the log's thread, which answers in order: a writer reading on
      // regardless would have had each of its reads answered meanwhile.
      const store = await t.services.engine.openProfile('p');
      for (let i = 0; i < PAGES; i += 1) await store.listEvents(0, 1);
      // The first bytes are out before the export is finished, and it did not read ahead.
      expect(isDone).toBe(false);
      expect(download.body.readableLength).toBeGreaterThan(0);
      expect(download.body.readableLength).toBeLessThanOrEqual(MAX_BUFFERED);
      expect(logReads).toBeLessThan(PAGES);
      // A slow reader: one chunk at a time, each time after the export filled the body again.
      let total = 0;
      let most = 0;
      for (;;) {
        const chunk = download.body.read() as Buffer | null;
        if (chunk === null) {
          if (download.body.readableEnded || isDone) break;
          await Promise.race([once(download.body, 'readable'), download.done]);
          continue;
        }
        total += chunk.length;
        most = Math.max(most, download.body.readableLength);
      }
      for await (const rest of download.body) total += (rest as Buffer).length;
      await download.done;
      expect(most).toBeLessThanOrEqual(MAX_BUFFERED);
      // Far more went through than ever waited (zip formats compress the text several times).
      expect(total).toBeGreaterThan(2 * most);
      expect(logReads).toBeGreaterThanOrEqual(PAGES);
    },
  );

  test('a reader that goes away stops the reads of the log', async () => {
    logReads = 0;
    const download = await counted.start('p', { format: 'ndjson', ...RANGE, sheets: ['events'] });
    await waitUntilBlocked(download.body);
    download.body.read();
    // What Fastify does when the client disconnects.
    download.body.destroy();
    await download.done;
    const stopped = logReads;
    expect(stopped).toBeLessThan(PAGES);
    expect(download.body.destroyed).toBe(true);
    expect(logReads).toBe(stopped);
  });

  test('over HTTP, a client that disconnects mid-export leaves the server answering', async () => {
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { ...t.admin! };
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${url}/api/profiles/p/export?format=csv&sheets=events&from=${RANGE.from}&to=${RANGE.to}`,
        { headers },
        (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.end();
    });
    const again = await fetch(
      `${url}/api/profiles/p/export?format=ndjson&sheets=sessions&from=${RANGE.from}&to=${RANGE.to}`,
      { headers },
    );
    expect(again.status).toBe(200);
    expect((await again.text()).split('\n')[0]).toMatch(/^\{"sheet":"sessions","session_id":\d+,/);
  });
});

test('an xlsx sheet past its row limit goes on in "<name> (2)", "<name> (3)"', async () => {
  const download = await counted.start('p', { format: 'xlsx', ...RANGE, sheets: ['sessions', 'events'] });
  const chunks: Buffer[] = [];
  for await (const chunk of download.body) chunks.push(chunk as Buffer);
  const { sheets, names } = await readXlsx(Buffer.concat(chunks), () => 0);
  expect(names).toEqual(['Sessions', 'Events', 'Events (2)', 'Events (3)']);
  expect(sheets.events).toHaveLength(EVENTS);
  expect(sheets.events!.map((r) => r.seq)).toEqual(
    [...sheets.events!.map((r) => r.seq)].sort((a, b) => (a as number) - (b as number)),
  );
});
