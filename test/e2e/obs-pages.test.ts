import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LOGIN_COOKIE } from '../../src/http/auth/login-cookie.js';
import { api, createProfile } from '../support/live-server.js';
import { ObsWebSocketServer } from '../support/obs-websocket-server.js';
import { createLogin, type LoginHeaders } from '../support/test-login.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';
import { unlabelledFields } from './support/unlabelled-fields.js';

const WAIT = { timeout: 20_000 };
const PASSWORD = 'obs-Websocket-Pa55word';
const WRONG_PASSWORD = 'not-what-OBS-asks';
const RECORDING = 'C:/Users/streamer/Videos/2026-03-14 20-15-02.mkv';

interface ObsLinkAnswer {
  settings: { address: string | null; password_set: boolean; streams: string[]; interval_seconds: number };
  status: { state: string; streaming: boolean; replay_buffer: boolean };
}

describe('OBS in the dashboard', () => {
  let env: E2eEnv;
  let url: string;
  let obs: ObsWebSocketServer;
  let eddie: LoginHeaders;
  let vera: LoginHeaders;

  const link = async (): Promise<ObsLinkAnswer> =>
    (await (await api(url, 'GET', '/api/profiles/obs/obs')).json()) as ObsLinkAnswer;

  /** A page in a browser context of its own, logged in as `login`, with its page errors and console errors kept. */
  async function pageAs(login: LoginHeaders): Promise<{ page: Page; errors: string[] }> {
    const context = await env.browser.newContext();
    const value = login.cookie.slice(LOGIN_COOKIE.length + 1);
    await context.addCookies([{ name: LOGIN_COOKIE, value, url }]);
    const page = await context.newPage();
    page.once('close', () => void context.close().catch(() => undefined));
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      // Chromium logs the 409 the replay refusal answers with; only that one is expected.
      const isRefusal = msg.location().url.endsWith('/api/profiles/obs/obs/replay');
      if (msg.type() === 'error' && !(isRefusal && msg.text().includes('409'))) errors.push(msg.text());
    });
    return { page, errors };
  }

  /** Every answer of the API the page receives, as text (read once the page is done with). */
  function keepAnswers(page: Page): Promise<string>[] {
    const answers: Promise<string>[] = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/')) answers.push(res.text().catch(() => ''));
    });
    return answers;
  }

  beforeAll(async () => {
    obs = await ObsWebSocketServer.start({ password: PASSWORD });
    env = await startE2e();
    url = env.server.url;
    await createProfile(url, 'obs', ['cam', 'yt']);
    const { accounts, engine } = env.server.services;
    eddie = await createLogin(accounts, 'eddie');
    vera = await createLogin(accounts, 'vera');
    await engine.accounts.setRole((await engine.accounts.findUserByName('eddie'))!.id, 'obs', 'editor');
    await engine.accounts.setRole((await engine.accounts.findUserByName('vera'))!.id, 'obs', 'viewer');
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    await obs?.close();
  });

  test('an editor links OBS: a wrong password is said to be refused, the right one connects, and the password never shows in the page or in an answer', async () => {
    const { page, errors } = await pageAs(eddie);
    const answers = keepAnswers(page);
    // No link yet: the live page says so in one line, and leads to the settings.
    await page.goto(`${url}/?profile=obs`);
    const notSetUp = page.getByTestId('obs-health-panel');
    await expect.poll(() => notSetUp.textContent(), WAIT).toBe('OBS not set up — Settings › OBS');
    await notSetUp.getByRole('link', { name: 'Settings › OBS' }).click();
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe('/settings');
    expect(new URL(page.url()).searchParams.get('profile')).toBe('obs');
    const section = page.getByTestId('obs-settings');
    const words = section.getByTestId('obs-link-words');
    await expect.poll(() => words.textContent(), WAIT).toBe('Not set up');
    const address = section.getByLabel('obs-websocket address');
    await expect.poll(() => address.isEnabled(), WAIT).toBe(true);
    expect(await address.getAttribute('placeholder')).toBe('ws://127.0.0.1:4455');
    expect(await section.getByRole('button', { name: 'Save replay now' }).count()).toBe(0);

    // A wrong password: OBS closes the link, and the page says so in OBS's words.
    await address.fill(obs.url);
    await section.getByLabel(/^Password/).fill(WRONG_PASSWORD);
    await section.getByLabel(/^Seconds between two readings/).fill('2');
    await section.getByTestId('obs-streams').getByLabel('cam').check();
    await section.getByRole('button', { name: 'Save OBS link' }).click();
    await expect.poll(() => words.textContent(), WAIT).toMatch(/^OBS refused the password/);
    expect(await section.getByTestId('obs-state').textContent()).toBe('refused');
    expect((await link()).status.state).toBe('error');

    // Set: the field is gone, the form only says one is set; the right one connects.
    await expect
      .poll(() => section.getByTestId('obs-password-state').textContent(), WAIT)
      .toMatch(/^A password is set\./);
    expect(await section.getByLabel(/^Password/).count()).toBe(0);
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByLabel(/^Password/).fill(PASSWORD);
    await section.getByRole('button', { name: 'Save OBS link' }).click();
    await expect.poll(() => words.textContent(), WAIT).toMatch(/^Connected to OBS 30\.2\.2 since /);
    expect(await section.getByTestId('obs-state').textContent()).toBe('connected');
    const outputs = section.getByTestId('obs-outputs').locator('[data-output]');
    expect(await outputs.evaluateAll((spans) => spans.map((s) => [s.dataset.output, s.dataset.on]))).toEqual([
      ['stream', 'false'],
      ['record', 'false'],
      ['replay_buffer', 'false'],
    ]);
    const saved = await link();
    expect(saved.settings).toMatchObject({
      address: obs.url,
      password_set: true,
      streams: ['cam'],
      interval_seconds: 2,
    });
    expect(saved.status.state).toBe('connected');

    // No replay buffer in OBS: the server's reason is shown.
    const refused = await api(url, 'POST', '/api/profiles/obs/obs/replay');
    expect(refused.status).toBe(409);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('OBS_REPLAY_NOT_SAVED');
    await section.getByRole('button', { name: 'Save replay now' }).click();
    await expect.poll(() => section.getByTestId('obs-replay-error').textContent(), WAIT).toBe(error.message);

    expect(await page.content()).not.toContain(PASSWORD);
    expect(await page.content()).not.toContain(WRONG_PASSWORD);
    const bodies = await Promise.all(answers);
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toContain(WRONG_PASSWORD);
    }
    expect(await unlabelledFields(page)).toEqual([]);

    // Removed (once confirmed): the link stops and its settings, password included, are forgotten.
    page.once('dialog', (dialog) => void dialog.accept());
    await section.getByRole('button', { name: 'Remove OBS link' }).click();
    await expect.poll(() => words.textContent(), WAIT).toBe('Not set up');
    expect(await address.inputValue()).toBe('');
    expect(await section.getByLabel(/^Password/).getAttribute('placeholder')).toBe('none set');
    expect((await link()).settings).toMatchObject({ address: null, password_set: false, streams: [] });
    await expect.poll(() => obs.connectionCount, WAIT).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  test('OBS goes live: the live page shows the bitrate moving and the dropped frames past the alert; the session report lists the recording and the replay saved beside the stream health', async () => {
    // The link as the first test left it, whichever ran first.
    const put = await api(url, 'PUT', '/api/profiles/obs/obs', {
      address: obs.url,
      password: PASSWORD,
      streams: ['cam'],
      interval_seconds: 2,
      // Far above what the stream sends: the bitrate stands out too.
      health: { min_bitrate_kbps: 50_000 },
    });
    expect(put.status).toBe(200);
    await expect.poll(async () => (await link()).status.state, WAIT).toBe('connected');
    const viewers = (count: number) =>
      api(url, 'POST', '/api/profiles/obs/events', [
        { stream: 'cam', kind: 'viewers', at: Date.now(), count },
      ]);
    expect((await viewers(120)).status).toBe(200);

    // A 6 Mbps stream read every 2 s, sent in uneven steps: the bitrate moves from reading to reading.
    // Each step drops 3 frames of 30 or 60: about 7%, past the default alert of 5%.
    obs.goLive();
    let step = 0;
    const stream = setInterval(() => obs.advance(step++ % 3 === 0 ? 1 : 0.5), 500);
    try {
      const { page, errors } = await pageAs(eddie);
      await page.goto(`${url}/?profile=obs`);
      const panel = page.getByTestId('obs-health-panel');
      await expect
        .poll(() => panel.getByTestId('obs-outputs').locator('[data-output=stream]').textContent(), WAIT)
        .toBe('● streaming');
      const bitrate = panel.locator('[data-metric=bitrate] .tile-value');
      await expect.poll(() => bitrate.textContent(), WAIT).toMatch(/^[\d,]+ kbps$/);
      const first = readCount(await bitrate.textContent());
      expect(first).toBeGreaterThan(1000);
      await expect.poll(async () => readCount(await bitrate.textContent()), WAIT).not.toBe(first);
      const drawn = () =>
        page.evaluate<(number | null)[]>("window.__spCharts?.['obs-bitrate-chart']?.data[1] ?? []");
      await expect
        .poll(async () => (await drawn()).filter((v) => v !== null).length, WAIT)
        .toBeGreaterThan(2);
      const dropped = panel.locator('[data-metric=dropped]');
      await expect.poll(() => dropped.getAttribute('data-alert'), WAIT).toBe('true');
      expect(await dropped.getByTestId('obs-health-alert').textContent()).toBe('over 5%');
      const bitrateTile = panel.locator('[data-metric=bitrate]');
      expect(await bitrateTile.getAttribute('data-alert')).toBe('true');
      expect(await bitrateTile.getByTestId('obs-health-alert').textContent()).toMatch(
        /^last 30 s: [\d,]+ kbps, below 50,000$/,
      );
      expect(await panel.locator('[data-metric=fps]').getAttribute('data-alert')).toBe('false');

      // A recording stops; a replay is saved from the settings once OBS's replay buffer runs.
      obs.startRecording(RECORDING);
      obs.stopRecording(RECORDING);
      obs.startReplayBuffer();
      await page.goto(`${url}/settings?profile=obs`);
      const section = page.getByTestId('obs-settings');
      await expect
        .poll(() => section.locator('[data-output=replay_buffer]').getAttribute('data-on'), WAIT)
        .toBe('true');
      await section.getByRole('button', { name: 'Save replay now' }).click();
      await expect
        .poll(() => section.getByTestId('obs-replay-saved').textContent(), WAIT)
        .toMatch(/^Asked: OBS saves its replay buffer/);
      const files = async () => {
        const now = Date.now();
        const res = await api(
          url,
          'GET',
          `/api/profiles/obs/obs/recordings?from=${now - 3_600_000}&to=${now + 60_000}`,
        );
        return ((await res.json()) as { recordings: { kind: string; path: string }[] }).recordings;
      };
      await expect
        .poll(async () => (await files()).map((f) => f.kind), WAIT)
        .toEqual(['recording', 'replay']);
      const replayPath = (await files())[1]!.path;
      expect((await viewers(140)).status).toBe(200);

      const { sessions } = (await (await api(url, 'GET', '/api/profiles/obs/sessions')).json()) as {
        sessions: { id: number; stream: string }[];
      };
      const session = sessions.find((s) => s.stream === 'cam')!;
      await page.goto(`${url}/sessions/${session.id}?profile=obs`);
      const rows = page.getByTestId('obs-recordings').getByTestId('obs-recording');
      await expect.poll(() => rows.count(), WAIT).toBe(2);
      const shown = await rows.evaluateAll((trs) =>
        trs.map((tr) => {
          const file = tr.querySelector('[data-testid=obs-recording-file]')!;
          return {
            kind: tr.getAttribute('data-kind'),
            name: file.textContent,
            path: file.getAttribute('title'),
          };
        }),
      );
      expect(shown).toEqual([
        { kind: 'recording', name: '2026-03-14 20-15-02.mkv', path: RECORDING },
        { kind: 'replay', name: replayPath.split('/').pop(), path: replayPath },
      ]);
      const health = () =>
        page.evaluate<(number | null)[]>("window.__spCharts?.['report-obs-health']?.data[1] ?? []");
      await expect
        .poll(async () => (await health()).some((kbps) => kbps !== null && kbps > 1000), WAIT)
        .toBe(true);
      expect(await page.getByTestId('stream-health').getByRole('heading').textContent()).toBe(
        'Stream health',
      );
      // On the timeline's time axis: the same span as the viewers chart above it.
      const spans = await page.evaluate<unknown[]>(
        "['report-viewers', 'report-obs-health'].map((name) => window.__spCharts?.[name]?.x)",
      );
      expect(spans[1]).toEqual(spans[0]);
      expect(spans[0]).toMatchObject({ min: expect.any(Number), max: expect.any(Number) });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      clearInterval(stream);
      obs.endStream();
    }
  }, 90_000);

  test("a viewer sees the OBS link's state on the live page, but neither its settings nor a control, and the API refuses their change", async () => {
    const { page, errors } = await pageAs(vera);
    const answers = keepAnswers(page);
    await page.goto(`${url}/?profile=obs`);
    const panel = page.getByTestId('obs-health-panel');
    await expect.poll(() => panel.getAttribute('data-state'), WAIT).toBe((await link()).status.state);
    expect(await panel.getByTestId('obs-link-words').textContent()).toMatch(/^Connected to OBS/);
    expect(await page.getByRole('button', { name: 'Save replay now' }).count()).toBe(0);

    // The settings page is for editors: it says so and shows nothing of the link.
    await page.goto(`${url}/settings?profile=obs`);
    await expect.poll(() => page.getByTestId('role-notice').count(), WAIT).toBe(1);
    expect(await page.getByTestId('obs-settings').count()).toBe(0);

    const before = await link();
    const refused = await fetch(`${url}/api/profiles/obs/obs`, {
      method: 'PUT',
      headers: { ...vera, 'content-type': 'application/json' },
      body: JSON.stringify({ address: null }),
    });
    expect(refused.status).toBe(403);
    expect((await link()).settings).toEqual(before.settings);
    for (const body of await Promise.all(answers)) expect(body).not.toContain(PASSWORD);
    expect(errors).toEqual([]);
    await page.close();
  });
});
