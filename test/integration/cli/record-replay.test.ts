// `streampulse record` against a loopback Twitch chat server, then `replay --stream` of what it
// saved. The chat lines are real: test/fixtures/real/go-twitch-irc/channel-xqcow-2019-09-15.irc.txt
// (SOURCES.md row "go-twitch-irc/", gempir/go-twitch-irc @419fb617f28b, MIT), moved to #recchan.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createServices } from '../../../src/main.js';
import { startIrcServer } from '../../support/irc-server.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { cliArgs } from '../../support/cli-entry.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir();
afterAll(() => temp.remove());

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, cliArgs(...args, '--data-dir', temp.dir), {
    cwd: ROOT,
    env: { ...process.env, STREAMPULSE_LOG_LEVEL: 'error', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

function chatLines(n: number): string[] {
  const text = readFileSync(
    new URL('../../fixtures/real/go-twitch-irc/channel-xqcow-2019-09-15.irc.txt', import.meta.url),
    'utf8',
  );
  return text
    .split(/\r?\n/)
    .filter((l) => / PRIVMSG #\S+ :/.test(l) && !/(^|;)bits=/.test(l))
    .slice(0, n)
    .map((l) => l.replace(/ PRIVMSG #\S+ :/, ' PRIVMSG #recchan :'));
}

describe('record and replay', () => {
  test("records a stream's connector to NDJSON and replays it as another stream's live feed", async () => {
    const services = createServices(
      loadConfig({ STREAMPULSE_DATA_DIR: temp.dir }, {}),
      createLogger('silent'),
    );
    await services.profiles.create({ id: 'src', name: 'src' });
    await services.profiles.createStream('src', { id: 'tw', platform: 'twitch', channel: '#recchan' });
    await services.profiles.create({ id: 'dst', name: 'dst' });
    await services.profiles.createStream('dst', { id: 'copy', platform: 'twitch', channel: '#elsewhere' });
    await services.close();

    const irc = await startIrcServer();
    const file = path.join(temp.dir, 'recorded.ndjson');
    const recording = cli(['record', file, '--profile', 'src', '--stream', 'tw', '--seconds', '6'], {
      STREAMPULSE_TWITCH_IRC_URL: irc.url,
    });
    await irc.waitForJoin('#recchan');
    irc.send(chatLines(50), 7);
    const recorded = await recording;
    await irc.close();
    expect(recorded.code).toBe(0);
    expect(recorded.out).toContain('recorded 50 events of src/tw');
    const events = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; stream: string });
    expect(events).toHaveLength(50);
    expect(events.every((e) => e.kind === 'chat' && e.stream === 'tw')).toBe(true);

    const replayed = await cli(['replay', file, '--profile', 'dst', '--stream', 'copy', '--speed', '0']);
    expect(replayed.err).toBe('');
    expect(replayed.out).toContain('as the live feed of dst/copy');
    const check = createServices(loadConfig({ STREAMPULSE_DATA_DIR: temp.dir }, {}), createLogger('silent'));
    const stats = (await check.engine.openProfile('dst')).currentState().streams.get('copy');
    await check.close();
    expect(stats?.stats.comments).toBe(50);
  }, 30_000);
});
