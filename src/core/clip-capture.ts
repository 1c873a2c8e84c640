import { z } from 'zod';
import { lastOfEachClip, parseClipLink, type ClipLink } from './clip-link.js';
import type { ValidationIssue } from './errors.js';
import { IssueCollector } from './issue-collector.js';
import { keyName } from './key-name.js';
import { atSchema, idSchema, reportIssue } from './live-event.js';
import { textSchema } from './text.js';

/** Most emoji kinds taken from one clip's reaction counts. */
const MAX_REACTION_TYPES = 100;
const MAX_COUNT = 1e12;

const countSchema = z.number().int().nonnegative().max(MAX_COUNT);

/**
 * Reaction counts by emoji (a unicode emoji, or a custom one's name), checked as received: a
 * copy of the object would lose an emoji named `__proto__`.
 */
const reactionTypesSchema = z.unknown().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be an object of counts by emoji' });
    return;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_REACTION_TYPES) {
    ctx.addIssue({ code: 'custom', message: `has more than ${MAX_REACTION_TYPES} kinds of reaction` });
    return;
  }
  for (const [emoji, count] of entries) {
    if (emoji === '' || emoji.length > 100 || emoji.includes('\u0000')) {
      ctx.addIssue({
        code: 'custom',
        path: [keyName(emoji)],
        message: 'is not an emoji name (1-100 characters, no NUL)',
      });
    } else if (!countSchema.safeParse(count).success) {
      ctx.addIssue({
        code: 'custom',
        path: [keyName(emoji)],
        message: 'must be a whole number of reactions, 0 or more',
      });
    }
  }
});

/**
 * A clip as tools that collect clips capture it (the clip seed's shape), with the fields of a
 * Helix Get Clips item a tool may pass along. `url` must be a clip link StreamPulse recognises.
 */
export const clipCaptureSchema = z.strictObject({
  url: z
    .string()
    .max(512)
    .refine(
      (u) => parseClipLink(u) !== null,
      'is not a clip link (Twitch clip, YouTube clip or Short, TikTok video)',
    ),
  title: textSchema(0, 1000),
  creator_name: textSchema(1, 200),
  creator_id: idSchema,
  // A Helix item has the game's id only (its name is looked up with Get Games).
  game_name: textSchema(0, 200).optional(),
  game_id: idSchema.optional(),
  created_at: atSchema,
  view_count: countSchema,
  discord_shares: countSchema.optional(),
  discord_reactions: countSchema.optional(),
  reaction_types: reactionTypesSchema.optional(),
  // What a Helix Get Clips item carries besides.
  id: textSchema(1, 200).optional(),
  embed_url: z.string().max(512).optional(),
  broadcaster_id: idSchema.optional(),
  broadcaster_name: textSchema(0, 200).optional(),
  video_id: z.union([textSchema(0, 200), z.number().int().nonnegative()]).optional(),
  vod_offset: z.number().int().nonnegative().max(MAX_COUNT).nullable().optional(),
  duration: z.number().nonnegative().max(86_400).optional(),
  thumbnail_url: z.string().max(1000).optional(),
  language: textSchema(0, 20).optional(),
  is_featured: z.boolean().optional(),
});

/** A pushed clip, validated and normalised: who made it, of what, and its counts as last seen. */
export interface ClipCapture {
  link: ClipLink;
  title: string;
  creator: { id: string; name: string };
  game: { id: string | null; name: string | null };
  broadcaster: { id: string; name: string } | null;
  /** Epoch ms. */
  created_at: number;
  view_count: number;
  /** Seconds; null when not given. */
  duration: number | null;
  /** Seconds into the broadcast's recording; null when not given (or no recording). */
  vod_offset: number | null;
  thumbnail_url: string | null;
  /** Discord counts as the tool saw them; null when it gave none. */
  discord: {
    shares: number | null;
    reactions: number | null;
    reaction_types: { emoji: string; count: number }[] | null;
  };
}

export type ClipBatchResult =
  { ok: true; clips: ClipCapture[] } | { ok: false; issues: ValidationIssue[]; total: number };

/**
 * Validates a whole batch of pushed clips. Either every clip is valid and all are returned
 * normalised, one per clip (the last of several sharing a clip wins: a later capture has later
 * counts), or the problems are listed with the clip's index and the field's path, and counted.
 */
export function parseClipBatch(raw: readonly unknown[]): ClipBatchResult {
  const issues = new IssueCollector();
  const clips: ClipCapture[] = [];
  raw.forEach((item, index) => {
    const result = clipCaptureSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) reportIssue(issue, index, issues.add, '(clip)');
      return;
    }
    clips.push(toCapture(result.data));
  });
  return issues.total === 0
    ? { ok: true, clips: lastOfEachClip(clips) }
    : { ok: false, issues: issues.issues, total: issues.total };
}

function toCapture(c: z.output<typeof clipCaptureSchema>): ClipCapture {
  return {
    link: parseClipLink(c.url)!,
    title: c.title,
    creator: { id: c.creator_id, name: c.creator_name },
    game: { id: c.game_id ?? null, name: c.game_name ?? null },
    broadcaster:
      c.broadcaster_id === undefined ? null : { id: c.broadcaster_id, name: c.broadcaster_name ?? '' },
    created_at: c.created_at,
    view_count: c.view_count,
    duration: c.duration ?? null,
    vod_offset: c.vod_offset ?? null,
    thumbnail_url: c.thumbnail_url ?? null,
    discord: {
      shares: c.discord_shares ?? null,
      reactions: c.discord_reactions ?? null,
      reaction_types:
        c.reaction_types === undefined
          ? null
          : Object.entries(c.reaction_types as Record<string, number>).map(([emoji, count]) => ({
              emoji,
              count,
            })),
    },
  };
}
