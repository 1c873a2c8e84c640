// Lines from test/fixtures/real/twitch-irc-rs/test-lines.irc.txt (SOURCES.md row "twitch-irc-rs/":
// robotty/twitch-irc-rs @3a6a9c882f99, MIT), parsed by tmi.js's own parser as the connector gets them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { parseEventBatch } from '../../core/live-event.js';
import { asIrcMessage, type IrcMessage } from './irc-message.js';
import { mapTwitchIrcMessage } from './twitch-irc.mapper.js';

const require = createRequire(import.meta.url);
const tmiParser = require('tmi.js/lib/parser.js') as { msg(line: string): Record<string, unknown> | null };

const LINES = readFileSync(
  new URL('../../../test/fixtures/real/twitch-irc-rs/test-lines.irc.txt', import.meta.url),
  'utf8',
).split('\n');
const AT = Date.UTC(2026, 0, 10, 18, 0, 0);
const context = { stream: 'twitch-main', receivedAt: AT };

/** The fixture's line `n` (1-based, as `grep -n` shows it), parsed. */
function line(n: number): IrcMessage {
  const parsed = tmiParser.msg(LINES[n - 1]!);
  const message = parsed && asIrcMessage(parsed);
  if (!message) throw new Error(`line ${n} does not parse`);
  return message;
}

function parse(text: string): IrcMessage {
  return asIrcMessage(tmiParser.msg(text)!)!;
}

describe('mapTwitchIrcMessage', () => {
  test('maps a bits PRIVMSG to a cheer worth its bits, counted once, with the message as text', () => {
    const events = mapTwitchIrcMessage(line(26), context);
    expect(events).toEqual([
      {
        stream: 'twitch-main',
        kind: 'cheer',
        at: AT,
        id: 'd7f03a35-f339-41ca-b4d4-7c0721438570',
        user: { id: '36175310', name: 'tetyys', display: 'TETYYS' },
        count: 1,
        value: 1,
        text: 'trihard1',
      },
    ]);
    expect(parseEventBatch(events)).toMatchObject({ ok: true });
  });

  test('maps a plain PRIVMSG to chat with the login as name and the display name', () => {
    const [event] = mapTwitchIrcMessage(line(16), context);
    expect(event).toEqual({
      stream: 'twitch-main',
      kind: 'chat',
      at: AT,
      id: 'e9d998c3-36f1-430f-89ec-6b887c28af36',
      user: { id: '29803735', name: 'jun1orrrr', display: 'JuN1oRRRR' },
      count: 1,
      value: 0,
      text: 'dank cam',
    });
  });

  test('strips the CTCP ACTION wrapper of a /me message', () => {
    const message = parse(
      '@id=a1;user-id=7 :alca!alca@alca.tmi.twitch.tv PRIVMSG #alca :\u0001ACTION waves\u0001',
    );
    expect(mapTwitchIrcMessage(message, context)[0]?.text).toBe('waves');
  });

  test('maps a resub to one subscription with its plan and cumulative months', () => {
    expect(mapTwitchIrcMessage(line(39), context)).toEqual([
      {
        stream: 'twitch-main',
        kind: 'subscribe',
        at: AT,
        id: 'e0975c76-054c-4954-8cb0-91b8867ec1ca',
        user: { id: '21156217', name: 'gutrin', display: 'Gutrin' },
        count: 1,
        value: 0,
        text: 'xqcL',
        data: { plan: '1000', cumulativeMonths: 2 },
      },
    ]);
  });

  test('maps a subgift to one subscription by the gifter naming the recipient', () => {
    const [event] = mapTwitchIrcMessage(line(42), context);
    expect(event).toMatchObject({
      kind: 'subscribe',
      count: 1,
      user: { id: '211711554', name: 'adamatreflectstudios', display: 'AdamAtReflectStudios' },
      data: {
        plan: '1000',
        gifted: true,
        recipient: { id: '236653628', name: 'qatarking24xd', display: 'qatarking24xd' },
      },
    });
  });

  test('maps a mystery gift to one event counting every sub it gives', () => {
    const [event] = mapTwitchIrcMessage(line(45), context);
    expect(event).toMatchObject({
      kind: 'subscribe',
      count: 20,
      id: '049e6371-7023-4fca-8605-7dec60e72e12',
      data: {
        plan: '1000',
        gifted: true,
        giftBundle: '1f be bb 4a 81 9a 65 d1 4b 77 f5 23 16 4a d3 13 09 e7 be 55',
      },
    });
  });

  test('maps a raid to its raider with the raiding viewers as count', () => {
    expect(mapTwitchIrcMessage(line(41), context)).toEqual([
      {
        stream: 'twitch-main',
        kind: 'raid',
        at: AT,
        id: 'bb99dda7-3736-4583-9114-52aa11b23d17',
        user: { id: '155874595', name: 'iamelisabete', display: 'iamelisabete' },
        count: 430,
        value: 0,
      },
    ]);
  });

  test('drops moderation, room state, notices, announcements and upgrade notices', () => {
    const dropped = LINES.map((text, i) => ({ text, n: i + 1 })).filter(
      ({ text }) =>
        / (CLEARCHAT|CLEARMSG|ROOMSTATE|NOTICE|USERSTATE|GLOBALUSERSTATE) /.test(text) ||
        /msg-id=(announcement|giftpaidupgrade|anongiftpaidupgrade|bitsbadgetier|ritual|rewardgift);/.test(
          text,
        ),
    );
    // 3 CLEARCHAT, 2 CLEARMSG, 5 ROOMSTATE, 2 NOTICE, 2 USERSTATE and 8 other USERNOTICEs.
    expect(dropped.length).toBe(22);
    for (const { n } of dropped) expect(mapTwitchIrcMessage(line(n), context)).toEqual([]);
  });

  test('leaves out the user when Twitch sent no user id, and skips jtv host notices', () => {
    const anonymous = parse(
      '@bits=100;display-name=Schmoopiie :schmoopiie!~schmoopiie@schmoopiie.tmi.twitch.tv PRIVMSG #s :cheer100 hi',
    );
    expect(mapTwitchIrcMessage(anonymous, context)).toEqual([
      { stream: 'twitch-main', kind: 'cheer', at: AT, count: 1, value: 100, text: 'cheer100 hi' },
    ]);
    const host = parse(':jtv!~jtv@jtv.tmi.twitch.tv PRIVMSG #s :Username is now hosting you for 11 viewers.');
    expect(mapTwitchIrcMessage(host, context)).toEqual([]);
  });

  test('maps every line of the fixture to events that pass validation', () => {
    const events = LINES.flatMap((text) => {
      const parsed = text ? tmiParser.msg(text) : null;
      const message = parsed && asIrcMessage(parsed);
      return message ? mapTwitchIrcMessage(message, context) : [];
    });
    // 17 PRIVMSGs from a user (nick!user@host) with text, and 13 sub/resub/gift/raid notices.
    expect(events.length).toBe(30);
    expect(parseEventBatch(events)).toMatchObject({ ok: true });
  });
});
