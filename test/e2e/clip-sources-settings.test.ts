import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { api } from '../support/live-server.js';
import { startE2e, type E2eEnv } from './support/e2e-env.js';
import { unlabelledFields } from './support/unlabelled-fields.js';

const WAIT = { timeout: 15_000 };
/** A token of the shape the developer portal shows (three base64url parts); no Discord is reached here. */
const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const CHANNEL = '290926798999357250';

interface Source {
  kind: 'twitch' | 'discord';
  stream: string | null;
  state: string;
  failures: number;
  last_error: { message: string } | null;
  detail: string | null;
}

describe('clip sources in the settings', () => {
  let env: E2eEnv;
  let url: string;

  const sources = async (): Promise<Source[]> =>
    ((await (await api(url, 'GET', '/api/profiles/clipsrc/clip-sources')).json()) as { sources: Source[] })
      .sources;

  beforeAll(async () => {
    // Neither Twitch chat nor Discord is reachable: the sources fail and say so.
    env = await startE2e({
      STREAMPULSE_TWITCH_IRC_URL: 'ws://127.0.0.1:9',
      STREAMPULSE_DISCORD_API_URL: 'http://127.0.0.1:9/api',
    });
    url = env.server.url;
    await api(url, 'POST', '/api/profiles', { id: 'clipsrc', name: 'Clip sources' });
    await api(url, 'POST', '/api/profiles/clipsrc/streams', {
      id: 'tw',
      platform: 'twitch',
      channel: 'streamer',
    });
    expect((await api(url, 'POST', '/api/profiles/clipsrc/streams/tw/connect')).status).toBe(200);
    // The connected Twitch stream's clip poll shows up, stopped for want of credentials.
    await vi.waitFor(async () => {
      expect((await sources()).map((s) => `${s.kind}:${s.stream}:${s.state}`)).toEqual([
        'discord:null:stopped',
        'twitch:tw:stopped',
      ]);
    }, WAIT);
  }, 120_000);
  afterAll(() => env?.close());

  test('lists each source with its status, refuses a bad channel id with the reason and saves the bot without ever showing its token', async () => {
    const page = await env.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      // Chromium logs the 400 the test provokes (the bad channel id) as a console error; only that one is expected.
      const isRefusal = msg.location().url.endsWith('/api/profiles/clipsrc/clip-sources/discord');
      if (msg.type() === 'error' && !(isRefusal && msg.text().includes('400'))) errors.push(msg.text());
    });
    await page.goto(`${url}/settings?profile=clipsrc`);
    const section = page.getByTestId('clip-sources-settings');
    const rows = section.getByTestId('clip-source');
    const shown = () =>
      rows.evaluateAll((trs) =>
        trs.map((tr) => ({
          source: tr.querySelector('th')!.textContent,
          state: tr.querySelector('[data-testid=clip-source-state]')!.textContent,
          detail: tr.querySelector('[data-testid=clip-source-detail]')!.textContent,
        })),
      );
    const listed = await sources();
    await expect.poll(shown, WAIT).toEqual([
      { source: 'Discord bot', state: 'stopped', detail: listed[0]!.detail },
      { source: 'Twitch clips of tw', state: 'stopped', detail: listed[1]!.detail },
    ]);
    expect(listed[0]!.detail).toBe('no bot token set');
    expect(listed[1]!.detail).toMatch(/^no Twitch credentials/);
    expect(await section.getByRole('columnheader').allTextContents()).toEqual([
      'Source',
      'State',
      'Since',
      'Failures',
      'Last error',
      'Next attempt',
      'Detail',
    ]);

    // A channel id that is no Discord id: the API's reason is shown, nothing is saved.
    const form = page.getByTestId('discord-clip-form');
    await form.getByLabel('Bot token').fill(TOKEN);
    await form.getByLabel(/^Channel ids/).fill(`${CHANNEL}\n123`);
    const refused = await api(url, 'PUT', '/api/profiles/clipsrc/clip-sources/discord', {
      token: TOKEN,
      channel_ids: [CHANNEL, '123'],
    });
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as { error: { details: { field: string; message: string }[] } };
    expect(error.details).toEqual([
      { field: 'body.channel_ids.1', message: 'must be a Discord id (17 to 20 digits)' },
    ]);
    await form.getByRole('button', { name: 'Save Discord bot' }).click();
    const notice = page.getByTestId('discord-error');
    for (const d of error.details)
      await expect.poll(() => notice.textContent(), WAIT).toContain(`${d.field}: ${d.message}`);
    expect(await (await api(url, 'GET', '/api/profiles/clipsrc/clip-sources/discord')).json()).toEqual({
      token_set: false,
      channel_ids: [],
    });

    // Good values: saved, the token is "set" and never shown again.
    await form.getByLabel(/^Channel ids/).fill(CHANNEL);
    await form.getByRole('button', { name: 'Save Discord bot' }).click();
    await expect
      .poll(() => form.getByTestId('discord-token-state').textContent(), WAIT)
      .toMatch(/^A bot token is set\./);
    expect(await notice.textContent()).toBe('');
    const saved = await (await api(url, 'GET', '/api/profiles/clipsrc/clip-sources/discord')).json();
    expect(saved).toEqual({ token_set: true, channel_ids: [CHANNEL] });
    expect(await form.getByLabel('Bot token').count()).toBe(0);
    expect(await form.getByLabel(/^Channel ids/).inputValue()).toBe(CHANNEL);
    expect(await page.content()).not.toContain(TOKEN);

    // The bot tries to log in, fails (no Discord here), and the list, read again by itself, says so.
    await expect.poll(async () => (await sources())[0]!.failures, WAIT).toBeGreaterThan(0);
    const failed = (await sources())[0]!;
    expect(failed.last_error).not.toBeNull();
    const discordRow = rows.first();
    await expect
      .poll(() => discordRow.getByTestId('clip-source-error').textContent(), WAIT)
      .toContain(failed.last_error!.message);
    expect(await discordRow.getByTestId('clip-source-state').textContent()).not.toBe('stopped');

    // Replace offers the field again; clearing the token removes it (the bot stops).
    await form.getByRole('button', { name: 'Replace token' }).click();
    expect(await form.getByLabel('Bot token').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Keep current token' }).click();
    await form.getByRole('button', { name: 'Clear token' }).click();
    await form.getByRole('button', { name: 'Save Discord bot' }).click();
    await expect.poll(() => form.getByLabel('Bot token').count(), WAIT).toBe(1);
    expect(await (await api(url, 'GET', '/api/profiles/clipsrc/clip-sources/discord')).json()).toEqual({
      token_set: false,
      channel_ids: [CHANNEL],
    });
    await expect.poll(() => discordRow.getByTestId('clip-source-state').textContent(), WAIT).toBe('stopped');
    // A change the page did not make shows up too: the list is read again every few seconds.
    expect((await api(url, 'DELETE', '/api/profiles/clipsrc/streams/tw')).status).toBe(204);
    await expect
      .poll(shown, WAIT)
      .toEqual([{ source: 'Discord bot', state: 'stopped', detail: 'no bot token set' }]);
    expect(await unlabelledFields(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
