import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';

const M = 60_000;
/** A 1x1 PNG: what Twitch's image host answers in this test (the browser reaches no real host). */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const THUMBNAIL = 'https://static-cdn.jtvnw.net/twitch-clips-thumbnails-prod/SpikeClip/preview-480x272.jpg';

interface Report {
  clips: { seq: number; title: string; url: string; moment: number }[];
  clip_triggers: {
    triggers: number;
    clips: number;
    triggers_followed_by_clip: number;
    clips_preceded_by_trigger: number;
    fired: { at: number }[];
  };
}

/** What the dashboard records of a drawn chart (web/src/components/time-chart.tsx), the part read here. */
interface DrawnPlot {
  x: { min: number; max: number };
  plotLeft: number;
  plotWidth: number;
}

describe('clip moments on the session report', () => {
  let env: E2eEnv;
  let sessionId: number;
  let start: number;

  beforeAll(async () => {
    env = await startE2e();
    const { url } = env.server;
    await api(url, 'POST', '/api/profiles', { id: 'clips', name: 'Clips' });
    await api(url, 'POST', '/api/profiles/clips/streams', {
      id: 'tw',
      platform: 'twitch',
      channel: 'streamer',
    });
    // Forty minutes, two hours ago, with the viewers jumping at minute 25.
    start = Math.floor((Date.now() - 2 * 3600_000) / M) * M;
    const readings = Array.from({ length: 40 }, (_, i) => ({
      stream: 'tw',
      kind: 'viewers',
      at: start + i * M + 10_000,
      id: `v${i}`,
      count: i === 25 || i === 26 ? 1600 : i % 2 === 0 ? 990 : 1010,
    }));
    const pushed = await api(url, 'POST', '/api/profiles/clips/events', [
      { stream: 'tw', kind: 'stream_start', at: start, id: 'start' },
      ...readings,
      { stream: 'tw', kind: 'stream_end', at: start + 40 * M, id: 'end' },
    ]);
    expect(pushed.status).toBe(200);
    const clip = (slug: string, createdAt: number, extra: Record<string, unknown>) => ({
      url: `https://clips.twitch.tv/${slug}`,
      title: `The ${slug}`,
      creator_name: `maker of ${slug}`,
      creator_id: '7',
      broadcaster_id: '1001',
      broadcaster_name: 'streamer',
      created_at: new Date(createdAt).toISOString(),
      ...extra,
    });
    const clips = await api(url, 'POST', '/api/profiles/clips/clips', [
      clip('SpikeClip', start + 28 * M, {
        view_count: 1234,
        duration: 30,
        vod_offset: 26 * 60,
        thumbnail_url: THUMBNAIL,
      }),
      // Ten minutes after the jump; a thumbnail from anywhere but Twitch's image hosts is not shown.
      clip('QuietClip', start + 35 * M + 20_000, {
        view_count: 5,
        duration: 20,
        thumbnail_url: 'https://example.com/x.jpg',
      }),
    ]);
    expect(clips.status).toBe(200);
    const { sessions } = (await (await api(url, 'GET', '/api/profiles/clips/sessions')).json()) as {
      sessions: { id: number }[];
    };
    sessionId = sessions[0]!.id;
  }, 120_000);
  afterAll(() => env?.close());

  const report = async (query = '') =>
    (await (
      await api(env.server.url, 'GET', `/api/profiles/clips/sessions/${sessionId}/report${query}`)
    ).json()) as Report;

  test('marks the clips on the timeline, lists them with thumbnails and shows how the triggers foretold them', async () => {
    const page = await env.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    const context = page.context();
    await context.route('https://static-cdn.jtvnw.net/**', (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }),
    );
    await context.route('https://clips.twitch.tv/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>clip</title>' }),
    );
    await page.goto(`${env.server.url}/sessions/${sessionId}?profile=clips`);
    const expected = await report();
    expect(expected.clips.map((c) => c.title)).toEqual(['The SpikeClip', 'The QuietClip']);

    // Markers over the viewers chart, left to right in moment order, inside the chart.
    const markers = page.getByTestId('clip-marker');
    await expect.poll(() => markers.count()).toBe(2);
    const chart = (await page.getByTestId('report-viewers').boundingBox())!;
    const boxes = await Promise.all([0, 1].map(async (i) => (await markers.nth(i).boundingBox())!));
    expect(boxes[0]!.x).toBeLessThan(boxes[1]!.x);
    for (const box of boxes) {
      expect(box.x).toBeGreaterThanOrEqual(chart.x);
      expect(box.x + box.width).toBeLessThanOrEqual(chart.x + chart.width);
    }
    // The marker sits where the chart puts its moment.
    const drawn = await page.evaluate<DrawnPlot>(`window.__spCharts['report-viewers']`);
    const spike = expected.clips[0]!;
    const fraction = (spike.moment / 1000 - drawn.x.min) / (drawn.x.max - drawn.x.min);
    const centre = boxes[0]!.x + boxes[0]!.width / 2 - chart.x;
    expect(Math.abs(centre - (drawn.plotLeft + fraction * drawn.plotWidth))).toBeLessThan(2);

    // The trigger replayed is marked too, left of the clip that followed it.
    const triggers = page.getByTestId('trigger-marker');
    expect(await triggers.count()).toBe(expected.clip_triggers.fired.length);
    expect((await triggers.nth(0).boundingBox())!.x).toBeLessThan(boxes[0]!.x);

    // Hovering shows its title, maker and views; following it opens the clip.
    const tip = markers.nth(0).getByRole('tooltip');
    expect(await tip.isVisible()).toBe(false);
    await markers.nth(0).hover();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toMatch(/The SpikeClip.*maker of SpikeClip.*1,234 views/);
    const [popup] = await Promise.all([context.waitForEvent('page'), markers.nth(0).click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe('https://clips.twitch.tv/SpikeClip');
    await popup.close();

    // The list: a thumbnail from Twitch's image host, none from elsewhere, each linking out.
    const cards = page.getByTestId('session-clip');
    expect(await cards.count()).toBe(2);
    expect(await cards.nth(1).locator('img').count()).toBe(0);
    const thumb = cards.nth(0).locator('img');
    expect(await thumb.getAttribute('src')).toBe(THUMBNAIL);
    await expect.poll(() => thumb.evaluate((img) => (img as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await cards.nth(0).locator('a').getAttribute('href')).toBe('https://clips.twitch.tv/SpikeClip');
    expect(await cards.nth(0).textContent()).toContain('maker of SpikeClip');

    // The figures are the report's, and follow the window picked.
    const figures = page.getByTestId('clip-trigger-figures');
    const tiles = async () =>
      (await figures.locator('.tile-value').allTextContents()).map((t) => readCount(t.split('·')[0]!));
    const counts = (r: Report) => [
      r.clip_triggers.triggers,
      r.clip_triggers.triggers_followed_by_clip,
      r.clip_triggers.clips,
      r.clip_triggers.clips_preceded_by_trigger,
    ];
    expect(counts(expected)).toEqual([1, 1, 2, 1]);
    await expect.poll(tiles).toEqual(counts(expected));
    await page.getByTestId('clip-window').selectOption('30');
    const wide = await report('?window_minutes=30');
    expect(counts(wide)).toEqual([1, 1, 2, 2]);
    await expect.poll(() => figures.locator('..').textContent()).toContain('at most 30 minutes');
    await expect.poll(tiles).toEqual(counts(wide));
    expect(errors).toEqual([]);
    await page.close();
  });
});
