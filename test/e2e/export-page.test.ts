import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AnalyticsEventGenerator } from '../../bench/analytics-event-generator.js';
import { offsetAt } from '../../src/core/zoned-time.js';
import { readNdjson, readXlsx } from '../support/export-reader.js';
import { api, createProfile } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';

const WAIT = { timeout: 20_000 };
const HOUR = 3_600_000;

describe('the export page', () => {
  let env: E2eEnv;
  let url: string;
  let sessions: { id: number; coins: number }[];

  beforeAll(async () => {
    env = await startE2e();
    url = env.server.url;
    await createProfile(url, 'exp', ['tiktok-main']);
    // A broadcast two days ago: inside the page's default range (the last 30 days).
    const start = Math.floor((Date.now() - 2 * 24 * HOUR) / HOUR) * HOUR;
    const events = new AnalyticsEventGenerator(400, 9).session({
      stream: 'tiktok-main',
      startAt: start,
      durationMs: HOUR,
      events: 4_000,
    });
    const pushed = await api(url, 'POST', '/api/profiles/exp/events', events);
    expect(pushed.status).toBe(200);
    const listed = await api(url, 'GET', '/api/profiles/exp/sessions');
    sessions = ((await listed.json()) as { sessions: { id: number; coins: number }[] }).sessions;
    expect(sessions).toHaveLength(1);
  }, 180_000);
  afterAll(() => env?.close());

  test('downloads NDJSON with its rows counted against the estimate as they arrive, then saves the file', async () => {
    const { page, errors } = await env.open('/export?profile=exp');
    await expect.poll(() => page.title(), WAIT).toBe('Export · StreamPulse');
    await page.getByTestId('export-format').selectOption('ndjson');
    await page.getByTestId('export-sheet-events').check();
    // A slow line, so that the progress shows before the end.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: 200 * 1024,
      uploadThroughput: -1,
    });
    const saved = page.waitForEvent('download', WAIT);
    await page.getByTestId('export-download').click();
    const progress = page.getByTestId('export-progress-text');
    await expect.poll(() => progress.textContent(), WAIT).toMatch(/received, [\d,]+ of about [\d,]+ rows/);
    const partial = readCount(/, ([\d,]+) of/.exec((await progress.textContent())!)![1]!);
    const download = await saved;
    await expect.poll(() => page.getByTestId('export-done').isVisible(), WAIT).toBe(true);
    const rows = readCount(await page.getByTestId('export-rows').textContent());
    expect(partial).toBeLessThan(rows);
    expect(download.suggestedFilename()).toMatch(
      /^streampulse-exp-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.ndjson$/,
    );
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(rows);
    const sheets = readNdjson(text);
    expect(sheets.events).toHaveLength(4_000);
    expect(sheets.sessions!.map((s) => [s.session_id, s.coins])).toEqual(
      sessions.map((s) => [s.id, s.coins]),
    );
    expect(errors).toEqual([]);
  });

  test('downloads an Excel workbook with the sheets asked for', async () => {
    const { page, errors } = await env.open('/export?profile=exp');
    await page.getByTestId('export-sheet-correlations').uncheck();
    const saved = page.waitForEvent('download', WAIT);
    await page.getByTestId('export-download').click();
    const download = await saved;
    await expect.poll(() => page.getByTestId('export-done').isVisible(), WAIT).toBe(true);
    expect(await page.getByTestId('export-filename').textContent()).toMatch(/\.xlsx$/);
    const { names, sheets } = await readXlsx(readFileSync(await download.path()), (ms) =>
      offsetAt(ms, 'UTC'),
    );
    expect(names).toEqual(['Sessions', 'Analytics', 'Contributions', 'Clips', 'Summary']);
    expect(sheets.sessions!.map((s) => s.session_id)).toEqual(sessions.map((s) => s.id));
    expect(errors).toEqual([]);
  });

  test('a range that ends before it starts shows what the server said', async () => {
    const { page } = await env.open('/export?profile=exp');
    await page.getByTestId('export-from').fill('2026-03-10');
    await page.getByTestId('export-to').fill('2026-03-01');
    await page.getByTestId('export-download').click();
    await expect
      .poll(() => page.getByTestId('export-error').textContent(), WAIT)
      .toContain('must be before to');
  });
});
