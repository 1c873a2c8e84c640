import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';
import { unlabelledFields } from './support/unlabelled-fields.js';

const DAY = 86_400_000;
const WAIT = { timeout: 10_000 };
const ZONE = 'Asia/Kolkata';
/** A 1x1 PNG: what Twitch's image host answers in this test (the browser reaches no real host). */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const THUMBNAIL = 'https://static-cdn.jtvnw.net/twitch-clips-thumbnails-prod/BigPlay/preview-480x272.jpg';
const PERIODS = ['day', 'week', 'month', 'all_time'] as const;

interface Overview {
  total_clips: number;
  total_views: number;
  unique_creators: number;
  unique_games: number;
  discord_shares: number;
  discord_reactions: number;
  date_range: { start: string | null; end: string | null };
  top_game: { name: string; clip_count: number } | null;
  top_creator: { name: string; clip_count: number } | null;
}
interface ViralClip {
  url: string;
  title: string;
  view_count: number;
  thumbnail_url: string | null;
}

/** Page errors and console errors of a page, but for the refusals the test provokes (`expected`). */
function collectErrors(page: Page, expected: (url: string) => boolean = () => false): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    // Chromium logs every 4xx answer as a console error, the refusal a test asks for too.
    if (msg.type() === 'error' && !expected(msg.location().url)) errors.push(msg.text());
  });
  return errors;
}

/** A clip in the push API's shape (Twitch Get Clips fields). */
function clip(slug: string, createdAt: number, extra: Record<string, unknown>) {
  return {
    url: `https://clips.twitch.tv/${slug}`,
    title: `The ${slug}`,
    creator_id: '1',
    broadcaster_id: '1001',
    broadcaster_name: 'streamer',
    created_at: new Date(createdAt).toISOString(),
    ...extra,
  };
}

/** The weekday (0 = Monday) and hour of an instant in a time zone. */
function weekdayAndHour(at: number, timeZone: string): { weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')),
    hour: Number(part('hour')),
  };
}

describe('the clips page', () => {
  let env: E2eEnv;
  let url: string;
  let now: number;

  const get = async <T>(path: string): Promise<T> => {
    const res = await api(url, 'GET', path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const analytics = <T>(endpoint: string, query: string) =>
    get<T>(`/api/profiles/clips/clips/analytics/${endpoint}?${query}`);

  beforeAll(async () => {
    env = await startE2e();
    url = env.server.url;
    expect((await api(url, 'POST', '/api/profiles', { id: 'clips', name: 'Clips' })).status).toBe(201);
    expect((await api(url, 'POST', '/api/profiles', { id: 'empty', name: 'Empty' })).status).toBe(201);
    const zone = await api(url, 'PUT', '/api/profiles/clips/settings/timezone', { timezone: ZONE });
    expect(zone.status).toBe(200);
    // The two recent clips fall on the profile's today even just after its midnight (India keeps
    // UTC+5:30 all year).
    const sinceMidnight = (Date.now() + 5.5 * 3_600_000) % DAY;
    const apart = Math.min(5 * 60_000, sinceMidnight / 3);
    now = Date.now() - Math.min(60_000, sinceMidnight / 3);
    const pushed = await api(url, 'POST', '/api/profiles/clips/clips', [
      clip('BigPlay', now, {
        creator_name: 'alice',
        creator_id: '11',
        game_name: 'Elden Ring',
        game_id: '512953',
        view_count: 5000,
        thumbnail_url: THUMBNAIL,
        discord_shares: 3,
        discord_reactions: 7,
        reaction_types: { '🔥': 5, '😂': 2 },
      }),
      // A thumbnail from anywhere but Twitch's image hosts is not shown.
      clip('FunnyMoment', now - apart, {
        creator_name: 'bob',
        creator_id: '12',
        game_name: 'Just Chatting',
        view_count: 40,
        thumbnail_url: 'https://example.com/x.jpg',
      }),
      clip('OldOne', now - 400 * DAY, {
        creator_name: 'alice',
        creator_id: '11',
        game_name: 'Elden Ring',
        game_id: '512953',
        view_count: 900,
      }),
      clip('Ancient', now - 401 * DAY, {
        creator_name: 'carol',
        creator_id: '13',
        game_name: 'Minecraft',
        view_count: 12000,
        discord_shares: 1,
        discord_reactions: 4,
      }),
      clip('NoGame', now - 402 * DAY, { creator_name: 'carol', creator_id: '13', view_count: 3 }),
    ]);
    expect(pushed.status).toBe(200);
  }, 120_000);
  afterAll(() => env?.close());

  async function openClips(profile: string): Promise<{ page: Page; errors: string[] }> {
    const page = await env.newPage();
    const errors = collectErrors(page);
    const context = page.context();
    await context.route('https://static-cdn.jtvnw.net/**', (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }),
    );
    await context.route('https://clips.twitch.tv/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>clip</title>' }),
    );
    await page.goto(`${url}/clips?profile=${profile}`);
    return { page, errors };
  }

  test('the overview cards show the figures of the API for the period picked, and the tables follow the period', async () => {
    const { page, errors } = await openClips('clips');
    await expect.poll(() => page.title(), WAIT).toBe('Clips · StreamPulse');
    const tile = (key: string) => page.getByTestId(`clip-tile-${key}`).locator('.tile-value, .tile-text');
    const figures = async () => ({
      clips: readCount(await tile('clips').textContent()),
      views: readCount(await tile('views').textContent()),
      creators: readCount(await tile('creators').textContent()),
      games: readCount(await tile('games').textContent()),
      shares: readCount(await tile('shares').textContent()),
      reactions: readCount(await tile('reactions').textContent()),
      topGame: await tile('top-game').textContent(),
      topCreator: await tile('top-creator').textContent(),
      dates: await tile('date-range').textContent(),
    });
    const expected = (o: Overview) => ({
      clips: o.total_clips,
      views: o.total_views,
      creators: o.unique_creators,
      games: o.unique_games,
      shares: o.discord_shares,
      reactions: o.discord_reactions,
      topGame: o.top_game
        ? `${o.top_game.name} · ${o.top_game.clip_count} clip${o.top_game.clip_count === 1 ? '' : 's'}`
        : '—',
      topCreator: o.top_creator
        ? `${o.top_creator.name} · ${o.top_creator.clip_count} clip${o.top_creator.clip_count === 1 ? '' : 's'}`
        : '—',
      dates:
        o.date_range.start === null
          ? '—'
          : o.date_range.start === o.date_range.end
            ? o.date_range.start
            : `${o.date_range.start} – ${o.date_range.end}`,
    });
    const rows = (table: string, cell: string) =>
      page
        .getByTestId(table)
        .locator('tbody tr')
        .evaluateAll(
          (trs, c) =>
            trs.map((tr) => [
              tr.querySelector('th')!.textContent!.trim(),
              tr.querySelector(`[data-testid=${c}]`)!.textContent!.trim(),
            ]),
          cell,
        );

    const allTime = await analytics<Overview>('overview', 'period=all_time');
    expect(allTime).toMatchObject({
      total_clips: 5,
      total_views: 17943,
      unique_creators: 3,
      discord_shares: 4,
    });
    await expect.poll(figures, WAIT).toEqual(expected(allTime));

    const seen: Record<string, string[][]> = {};
    for (const period of PERIODS) {
      await page.getByTestId('clip-period').selectOption(period);
      const overview = await analytics<Overview>('overview', `period=${period}`);
      const creators = await analytics<{
        creators: { creator_name: string; creator_platform: string; clip_count: number }[];
      }>('top-creators', `period=${period}&limit=10`);
      const games = await analytics<{ games: { game_name: string; clip_count: number }[] }>(
        'top-games',
        `period=${period}&limit=10`,
      );
      await expect.poll(figures, WAIT).toEqual(expected(overview));
      await expect
        .poll(() => rows('top-creators', 'creator-clips'), WAIT)
        .toEqual(
          creators.creators.map((c) => [`${c.creator_name} ${c.creator_platform}`, String(c.clip_count)]),
        );
      await expect
        .poll(() => rows('top-games', 'game-clips'), WAIT)
        .toEqual(games.games.map((g) => [g.game_name || '(no game)', String(g.clip_count)]));
      seen[period] = await rows('top-games', 'game-clips');
    }
    // Today holds the two recent clips only; all time the old ones too (the clip without a game
    // under "no game"), Elden Ring first with two.
    expect(seen.day!.map((r) => r.join(':')).sort()).toEqual(['Elden Ring:1', 'Just Chatting:1']);
    expect(seen.all_time![0]).toEqual(['Elden Ring', '2']);
    expect(seen.all_time!.map((r) => r.join(':')).sort()).toEqual([
      '(no game):1',
      'Elden Ring:2',
      'Just Chatting:1',
      'Minecraft:1',
    ]);
    // A game's top clip links out to it.
    const topClip = page.getByTestId('top-games').locator('tbody tr').first().getByTestId('top-clip');
    expect(await topClip.getAttribute('href')).toBe('https://clips.twitch.tv/BigPlay');
    expect(await topClip.getAttribute('target')).toBe('_blank');
    expect(await unlabelledFields(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('viral clips are cards linking out to each clip, thumbnails from Twitch only, filtered by their views', async () => {
    const { page, errors } = await openClips('clips');
    const cards = page.getByTestId('viral-clip');
    const viral = await analytics<{ clips: ViralClip[] }>(
      'viral-clips',
      'period=all_time&limit=12&min_views=0',
    );
    expect(viral.clips.map((c) => c.title)).toEqual([
      'The Ancient',
      'The BigPlay',
      'The OldOne',
      'The FunnyMoment',
      'The NoGame',
    ]);
    const links = () => cards.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    await expect.poll(links, WAIT).toEqual(viral.clips.map((c) => c.url));
    expect(viral.clips.map((c) => c.url)).toContain('https://clips.twitch.tv/BigPlay');
    const rels = await cards
      .locator('a')
      .evaluateAll((as) => as.map((a) => `${a.getAttribute('target')} ${a.getAttribute('rel')}`));
    expect(new Set(rels)).toEqual(new Set(['_blank noopener noreferrer']));

    // The thumbnail from Twitch's image host is shown, none from elsewhere.
    const big = cards.nth(1);
    const thumb = big.locator('img');
    expect(await thumb.getAttribute('src')).toBe(THUMBNAIL);
    await expect.poll(() => thumb.evaluate((img) => (img as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await cards.nth(3).locator('img').count()).toBe(0);
    expect(await big.textContent()).toMatch(
      /5,000 views · by alice · Elden Ring.*3 Discord shares · 7 reactions \(🔥 5 😂 2\)/,
    );

    // Following a card opens the clip.
    const [popup] = await Promise.all([page.context().waitForEvent('page'), big.locator('a').click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe('https://clips.twitch.tv/BigPlay');
    await popup.close();

    // At least 1,000 views: the API's answer, in its order.
    await page.getByLabel('At least this many views').fill('1000');
    const popular = await analytics<{ clips: ViralClip[] }>(
      'viral-clips',
      'period=all_time&limit=12&min_views=1000',
    );
    expect(popular.clips.map((c) => c.title)).toEqual(['The Ancient', 'The BigPlay']);
    await expect.poll(links, WAIT).toEqual(popular.clips.map((c) => c.url));
    // Today, nothing reaches 10,000 views, and the page says so.
    await page.getByLabel('At least this many views').fill('10000');
    await page.getByTestId('clip-period').selectOption('day');
    await expect
      .poll(() => page.getByTestId('viral-none').textContent(), WAIT)
      .toBe('No clips made today with at least 10,000 views.');
    expect(await cards.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the engagement chart draws the timeline of the lookback picked, and the heatmap places clips in the profile time zone', async () => {
    const { page, errors } = await openClips('clips');
    type Timeline = { timeline: { period_start: string; clip_count: number; total_views: number }[] };
    const drawn = () =>
      page.evaluate<{ points: number; data: (number | null)[][] } | null>(
        `window.__spCharts?.['clip-timeline'] ?? null`,
      );
    const expectDrawn = async (query: string, clips: number) => {
      const timeline = await analytics<Timeline>('engagement-timeline', query);
      expect(timeline.timeline.reduce((n, t) => n + t.clip_count, 0)).toBe(clips);
      await expect
        .poll(async () => {
          const chart = await drawn();
          return chart && { times: chart.data[0], clips: chart.data[1], views: chart.data[4] };
        }, WAIT)
        .toEqual({
          times: timeline.timeline.map((t) => Date.parse(t.period_start) / 1000),
          clips: timeline.timeline.map((t) => t.clip_count),
          views: timeline.timeline.map((t) => t.total_views),
        });
    };
    await page.getByTestId('clip-timeline').locator('canvas').waitFor();
    // By day over 30 days: today's two clips; by month over 12 months, still two; over 24, all five.
    await expectDrawn('period=day&days=30', 2);
    await page.getByTestId('timeline-step').selectOption('month');
    expect(await page.getByTestId('timeline-days').inputValue()).toBe('365');
    await expectDrawn('period=month&days=365', 2);
    await page.getByTestId('timeline-days').selectOption('730');
    await expectDrawn('period=month&days=730', 5);

    // The heatmap: each cell of the API's grid, at its weekday and hour, and nothing else.
    const peaks = await analytics<{
      timezone: string;
      grid: { weekday: number; hour: number; clip_count: number }[];
    }>('peak-times', '');
    expect(peaks.timezone).toBe(ZONE);
    const recent = weekdayAndHour(now, ZONE);
    expect(peaks.grid).toContainEqual(expect.objectContaining(recent));
    const heatmap = page.getByTestId('clip-heatmap');
    const cells = () =>
      heatmap
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.flatMap((tr, weekday) =>
            [...tr.querySelectorAll('td')].flatMap((td, hour) =>
              td.textContent ? [{ weekday, hour, clip_count: Number(td.textContent) }] : [],
            ),
          ),
        );
    const byPlace = (a: { weekday: number; hour: number }, b: { weekday: number; hour: number }) =>
      a.weekday - b.weekday || a.hour - b.hour;
    await expect
      .poll(cells, WAIT)
      .toEqual(
        peaks.grid.map((c) => ({ weekday: c.weekday, hour: c.hour, clip_count: c.clip_count })).sort(byPlace),
      );
    expect(await page.getByTestId('clip-peak-caption').textContent()).toContain(ZONE);
    expect(await heatmap.locator('thead th').count()).toBe(24);
    expect(await heatmap.locator('tbody th[scope=row]').allTextContents()).toEqual([
      'Mon',
      'Tue',
      'Wed',
      'Thu',
      'Fri',
      'Sat',
      'Sun',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a profile without clips explains how clips arrive, and the menu leads to the page', async () => {
    const page = await env.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}/heatmap?profile=empty`);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Clips' }).click();
    expect(new URL(page.url()).pathname).toBe('/clips');
    const empty = page.getByTestId('clips-empty');
    await empty.waitFor(WAIT);
    const text = await empty.textContent();
    expect(text).toContain('POST /api/profiles/empty/clips');
    expect(text).toContain('STREAMPULSE_TWITCH_CLIENT_ID');
    expect(text).toContain('Discord bot');
    expect(await page.getByTestId('clip-period').count()).toBe(0);
    expect(await page.getByTestId('clip-overview').count()).toBe(0);
    await empty.getByRole('link', { name: 'Settings, Clip sources' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/settings');
    expect(new URL(page.url()).searchParams.get('profile')).toBe('empty');
    await page.getByTestId('clip-sources-settings').waitFor(WAIT);
    expect(errors).toEqual([]);
    await page.close();
  });
});
