import { z } from 'zod';

/** Most channels one profile's bot may be told to watch. */
export const MAX_DISCORD_CHANNELS = 100;

/** A Discord id (a snowflake): 17 to 20 digits. */
const snowflakeSchema = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

const channelIdsSchema = z
  .array(snowflakeSchema)
  .max(MAX_DISCORD_CHANNELS)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name a channel twice')
  .describe(
    'the channels whose messages are watched for clip links (ids, e.g. 290926798999357250); empty: every channel of the servers the bot is in',
  );

/**
 * A bot token as the developer portal shows it: three base64url parts joined by dots, without the
 * `Bot ` prefix. Checked for shape only; Discord says whether it is valid when the bot logs in.
 */
const tokenSchema = z
  .string()
  .max(200)
  .regex(
    /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
    'must be a bot token (three parts joined by dots, no "Bot " prefix)',
  );

/** A profile's Discord clip source as stored: the bot token (if set) and the watched channels. */
export const discordClipSettingsSchema = z.strictObject({
  token: z.string().min(1).optional(),
  channel_ids: z.array(z.string()).default([]),
});

export type DiscordClipSettings = z.infer<typeof discordClipSettingsSchema>;

/**
 * What a client sends. The token is write-only: a string sets it, `null` removes it (the bot stops),
 * and leaving it out keeps the one stored.
 */
export const discordClipSettingsInputSchema = z.strictObject({
  token: tokenSchema
    .nullable()
    .optional()
    .describe(
      "the bot's token from the Discord developer portal; null removes it (the bot stops), leaving it out keeps it. Never answered.",
    ),
  channel_ids: channelIdsSchema,
});

export type DiscordClipSettingsInput = z.infer<typeof discordClipSettingsInputSchema>;

/** The settings as answered: whether a token is set, never which. */
export const discordClipSettingsViewSchema = z.strictObject({
  token_set: z.boolean().describe('whether a bot token is stored; the token itself is never answered'),
  channel_ids: channelIdsSchema,
});

export type DiscordClipSettingsView = z.infer<typeof discordClipSettingsViewSchema>;

/** The settings as answered: the token replaced by whether one is set. */
export function viewDiscordClipSettings(settings: DiscordClipSettings): DiscordClipSettingsView {
  return { token_set: settings.token !== undefined, channel_ids: [...settings.channel_ids] };
}

/** The settings to store for `input`: its channels, and its token, or the stored one when it gives none. */
export function mergeDiscordClipSettings(
  input: DiscordClipSettingsInput,
  stored: DiscordClipSettings,
): DiscordClipSettings {
  const token = input.token === undefined ? stored.token : (input.token ?? undefined);
  return token === undefined
    ? { channel_ids: [...input.channel_ids] }
    : { token, channel_ids: [...input.channel_ids] };
}
