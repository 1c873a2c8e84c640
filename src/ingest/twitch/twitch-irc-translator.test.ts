// The mystery gift line is line 45 of test/fixtures/real/twitch-irc-rs/test-lines.irc.txt (SOURCES.md
// row "twitch-irc-rs/": robotty/twitch-irc-rs @3a6a9c882f99, MIT); the single gifts that follow it are
// that fixture's subgift line 42 re-addressed to the mystery gift's bundle, as Twitch sends them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { asIrcMessage, type IrcMessage } from './irc-message.js';
import { TwitchIrcTranslator } from './twitch-irc-translator.js';

const require = createRequire(import.meta.url);
const tmiParser = require('tmi.js/lib/parser.js') as { msg(line: string): Record<string, unknown> | null };
const LINES = readFileSync(
  new URL('../../../test/fixtures/real/twitch-irc-rs/test-lines.irc.txt', import.meta.url),
  'utf8',
).split('\n');
const AT = Date.UTC(2026, 0, 10, 18, 0, 0);
const MYSTERY = LINES[44]!; // submysterygift of 20, origin-id 1f be bb ...
const SINGLE = LINES[41]!; // subgift, origin-id da 39 a3 ... (a gift to one named viewer)
const MYSTERY_ORIGIN =
  '1f\\sbe\\sbb\\s4a\\s81\\s9a\\s65\\sd1\\s4b\\s77\\sf5\\s23\\s16\\s4a\\sd3\\s13\\s09\\se7\\sbe\\s55';

function parse(line: string): IrcMessage {
  return asIrcMessage(tmiParser.msg(line)!)!;
}

/** The fixture's single gift, as the n-th recipient of the mystery gift's bundle. */
function giftOfBundle(n: number, bundleTag = `msg-param-origin-id=${MYSTERY_ORIGIN}`): string {
  return SINGLE.replace(/msg-param-origin-id=[^;]*/, bundleTag).replace(/;id=[^;]*/, `;id=gift-${n}`);
}

function subscriptions(translator: TwitchIrcTranslator, lines: string[]): number {
  return lines
    .flatMap((line) => translator.translate(parse(line), AT))
    .filter((e) => e.kind === 'subscribe')
    .reduce((sum, e) => sum + e.count, 0);
}

describe('TwitchIrcTranslator', () => {
  test('counts a mystery gift of 20 once and skips the 20 single gifts it announced', () => {
    const translator = new TwitchIrcTranslator('xqcow', 'twitch-main');
    const lines = [MYSTERY, ...Array.from({ length: 20 }, (_, i) => giftOfBundle(i))];
    expect(subscriptions(translator, lines)).toBe(20);
  });

  test('counts a single gift after the bundle is used up, and gifts to named viewers', () => {
    const translator = new TwitchIrcTranslator('xqcow', 'twitch-main');
    const lines = [MYSTERY, ...Array.from({ length: 21 }, (_, i) => giftOfBundle(i)), SINGLE];
    expect(subscriptions(translator, lines)).toBe(22);
  });

  test('matches bundles on msg-param-community-gift-id when Twitch sends it', () => {
    const translator = new TwitchIrcTranslator('xqcow', 'twitch-main');
    const mystery = MYSTERY.replace(
      'msg-param-mass-gift-count=20',
      'msg-param-community-gift-id=555;msg-param-mass-gift-count=3',
    );
    const gifts = [1, 2, 3].map((n) => giftOfBundle(n, 'msg-param-community-gift-id=555'));
    expect(subscriptions(translator, [mystery, ...gifts])).toBe(3);
  });

  test('ignores messages addressed to another channel', () => {
    const translator = new TwitchIrcTranslator('#PajLada', 'twitch-main');
    expect(translator.translate(parse(LINES[15]!), AT)).toHaveLength(1); // PRIVMSG #pajlada
    expect(translator.translate(parse(LINES[44]!), AT)).toEqual([]); // USERNOTICE #xqcow
  });
});
