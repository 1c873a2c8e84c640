import type { EventUser, LiveEvent } from '../../core/live-event.js';
import { readIntTag, readPrefixNick, readTag, type IrcMessage } from './irc-message.js';

/** Where the mapped events go and when the line was received (epoch ms). */
export interface TwitchIrcMapContext {
  stream: string;
  receivedAt: number;
}

const MAX_ID = 200;
const MAX_NAME = 200;
const MAX_TEXT = 2000;
// A `/me` line is wrapped in CTCP ACTION: \x01ACTION text\x01.
// eslint-disable-next-line no-control-regex
const ACTION = /^\u0001ACTION (.*)\u0001$/s;

/**
 * Maps one IRC message from Twitch chat to LiveEvents (pure). PRIVMSG becomes `chat`, or
 * `cheer` (value = bits) when it carries bits; USERNOTICE sub/resub/subgift/submysterygift
 * become `subscribe` (count = subscriptions) and raid becomes `raid` (count = raiders).
 * Everything else (CLEARCHAT, CLEARMSG, ROOMSTATE, NOTICE, other notices) maps to `[]`.
 * Events are stamped with the receive time. It does not check the channel, nor whether a
 * subgift was already counted by its mystery gift: see `TwitchIrcTranslator`.
 */
export function mapTwitchIrcMessage(message: IrcMessage, context: TwitchIrcMapContext): LiveEvent[] {
  if (message.command === 'PRIVMSG') return mapPrivmsg(message, context);
  if (message.command === 'USERNOTICE') return mapUsernotice(message, context);
  return [];
}

function mapPrivmsg(message: IrcMessage, context: TwitchIrcMapContext): LiveEvent[] {
  const login = readPrefixNick(message);
  const body = message.params[1];
  // `jtv` PRIVMSGs are the retired host notices, not chat.
  if (login === undefined || login === 'jtv' || body === undefined) return [];
  const text = (ACTION.exec(body)?.[1] ?? body).slice(0, MAX_TEXT);
  const bits = readIntTag(message, 'bits');
  const base = baseEvent(message, context, readUser(message, login));
  if (bits !== undefined && bits > 0) return [{ ...base, kind: 'cheer', value: bits, text }];
  return [{ ...base, kind: 'chat', text }];
}

function mapUsernotice(message: IrcMessage, context: TwitchIrcMapContext): LiveEvent[] {
  const login = readTag(message, 'login');
  const user = login === undefined ? undefined : readUser(message, login);
  const base = baseEvent(message, context, user);
  const text = message.params[1]?.slice(0, MAX_TEXT);
  const withText = text ? { ...base, text } : base;
  const plan = readTag(message, 'msg-param-sub-plan');
  switch (readTag(message, 'msg-id')) {
    case 'sub':
    case 'resub': {
      const months = readIntTag(message, 'msg-param-cumulative-months');
      return [{ ...withText, kind: 'subscribe', data: compact({ plan, cumulativeMonths: months }) }];
    }
    case 'subgift':
    case 'anonsubgift':
      return [
        {
          ...withText,
          kind: 'subscribe',
          data: compact({ plan, gifted: true, recipient: readRecipient(message) }),
        },
      ];
    case 'submysterygift':
    case 'anonsubmysterygift': {
      const count = readIntTag(message, 'msg-param-mass-gift-count') ?? 1;
      const giftBundle = readGiftBundleId(message);
      return [{ ...withText, kind: 'subscribe', count, data: compact({ plan, gifted: true, giftBundle }) }];
    }
    case 'raid': {
      const raider = readRaider(message);
      const count = readIntTag(message, 'msg-param-viewerCount') ?? 0;
      return [{ ...baseEvent(message, context, raider), kind: 'raid', count }];
    }
    default:
      return [];
  }
}

/**
 * The id shared by a mystery gift and the single gifts it hands out: `msg-param-community-gift-id`
 * (current Twitch) or `msg-param-origin-id` (before 2021).
 */
export function readGiftBundleId(message: IrcMessage): string | undefined {
  return readTag(message, 'msg-param-community-gift-id') ?? readTag(message, 'msg-param-origin-id');
}

function baseEvent(message: IrcMessage, context: TwitchIrcMapContext, user: EventUser | undefined) {
  const id = readTag(message, 'id');
  return {
    stream: context.stream,
    at: context.receivedAt,
    count: 1,
    value: 0,
    ...(id !== undefined && id.length <= MAX_ID ? { id } : {}),
    ...(user ? { user } : {}),
  };
}

/** The author, when Twitch named them with a user id (never an invented id). */
function readUser(message: IrcMessage, login: string): EventUser | undefined {
  return buildUser(readTag(message, 'user-id'), login, readTag(message, 'display-name'));
}

function readRecipient(message: IrcMessage): EventUser | undefined {
  return buildUser(
    readTag(message, 'msg-param-recipient-id'),
    readTag(message, 'msg-param-recipient-user-name'),
    readTag(message, 'msg-param-recipient-display-name'),
  );
}

function readRaider(message: IrcMessage): EventUser | undefined {
  const login = readTag(message, 'msg-param-login') ?? readTag(message, 'login');
  const display = readTag(message, 'msg-param-displayName') ?? readTag(message, 'display-name');
  return buildUser(readTag(message, 'user-id'), login, display);
}

function buildUser(id: string | undefined, name: string | undefined, display: string | undefined) {
  if (id === undefined || id.length > MAX_ID || name === undefined) return undefined;
  const user: EventUser = { id, name: name.slice(0, MAX_NAME) };
  if (display !== undefined) user.display = display.slice(0, MAX_NAME);
  return user;
}

function compact(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}
