/**
 * The slice of a parsed IRC line the Twitch mapper reads: the shape tmi.js hands to its
 * `raw_message` listeners (tags still IRCv3-escaped; a tag with an empty value is `true`).
 */
export interface IrcMessage {
  /** `nick!user@host`, `tmi.twitch.tv`, or null when the line has no prefix. */
  prefix: string | null;
  command: string | null;
  params: readonly string[];
  tags: Readonly<Record<string, string | boolean | undefined>>;
}

const ESCAPES: Readonly<Record<string, string>> = { s: ' ', ':': ';', '\\': '\\', r: '\r', n: '\n' };

/** Undoes IRCv3 tag escaping (`\s` space, `\:` semicolon, `\\` backslash, `\r`, `\n`). */
export function unescapeTagValue(raw: string): string {
  // https://ircv3.net/specs/extensions/message-tags#escaping-values
  return raw.replace(/\\(.?)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** A tag's unescaped value, or undefined when it is absent or empty. */
export function readTag(message: IrcMessage, name: string): string | undefined {
  const raw = message.tags[name];
  if (typeof raw !== 'string' || raw === '') return undefined;
  const value = unescapeTagValue(raw);
  return value === '' ? undefined : value;
}

/** A tag holding a whole non-negative number, or undefined when absent or not one. */
export function readIntTag(message: IrcMessage, name: string): number | undefined {
  const raw = readTag(message, name);
  if (raw === undefined || !/^\d{1,12}$/.test(raw)) return undefined;
  return Number(raw);
}

/** The nick of a `nick!user@host` prefix, or undefined for server prefixes. */
export function readPrefixNick(message: IrcMessage): string | undefined {
  const prefix = message.prefix;
  if (prefix === null || !prefix.includes('!')) return undefined;
  const nick = prefix.slice(0, prefix.indexOf('!'));
  return nick === '' ? undefined : nick;
}

/** Checks an object from tmi.js has the IrcMessage shape (its typings say only "any object"). */
export function asIrcMessage(value: Readonly<Record<string, unknown>>): IrcMessage | undefined {
  const { prefix, command, params, tags } = value;
  if (prefix !== null && typeof prefix !== 'string') return undefined;
  if (command !== null && typeof command !== 'string') return undefined;
  if (!Array.isArray(params) || !params.every((p) => typeof p === 'string')) return undefined;
  if (typeof tags !== 'object' || tags === null) return undefined;
  return { prefix, command, params, tags: tags as IrcMessage['tags'] };
}
