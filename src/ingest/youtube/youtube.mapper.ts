import { YTNodes, type Helpers, type Misc } from 'youtubei.js';
import type { EventUser, LiveEvent } from '../../core/live-event.js';
import { parsePurchaseAmount } from './purchase-amount.js';

type YTNode = Helpers.YTNode;

/** What every mapped event needs besides the payload: the stream id and the clock reading. */
export interface YoutubeMapContext {
  stream: string;
  /** Epoch ms; used only when the payload carries no time of its own (viewer counts). */
  now: number;
}

/** The slice of youtubei.js's `LiveMetadata` ('metadata-update') the mapper reads. */
export interface YoutubeLiveMetadata {
  views?: YTNodes.UpdateViewershipAction;
}

const MAX_ID = 200;
const MAX_NAME = 200;
const MAX_TEXT = 2000;
// youtubei.js's Author puts this in `name` when the payload has no author name.
const MISSING_NAME = 'N/A';

function usecToMs(usec: string | number): number {
  return Math.floor(Number(usec) / 1000);
}

function eventId(id: string | undefined): { id?: string } {
  return id && id.length <= MAX_ID ? { id } : {};
}

/** name = the handle without its '@' (falls back to the channel id); display = as shown in chat. */
function toUser(channelId: string | undefined, rawName: string | undefined): { user?: EventUser } {
  if (!channelId || channelId.length > MAX_ID) return {};
  const shown = rawName && rawName !== MISSING_NAME ? rawName.trim().slice(0, MAX_NAME) : '';
  const name = shown.replace(/^@/, '') || channelId;
  return { user: shown ? { id: channelId, name, display: shown } : { id: channelId, name } };
}

/** Message text with custom emojis as their shortcut (":_kanataHey:") instead of their opaque id. */
function textOf(text: Misc.Text | undefined): string {
  const runs = text?.runs;
  if (!runs) return text?.text ?? '';
  return runs
    .map((run) => ('emoji' in run && run.emoji.is_custom ? (run.emoji.shortcuts[0] ?? run.text) : run.text))
    .join('')
    .slice(0, MAX_TEXT);
}

/** The first whole number written in a run of its own ("Gifted ", "5", " ...") or else anywhere. */
function firstNumber(text: Misc.Text | undefined): number | undefined {
  const runs = text?.runs ?? [];
  const own = runs.find((run) => /^\s*\d[\d,.]*\s*$/.test(run.text));
  const digits = (own?.text ?? /\d[\d,.]*/.exec(text?.toString() ?? '')?.[0])?.replace(/\D/g, '');
  return digits ? Number(digits) : undefined;
}

function optionalText(text: string): { text?: string } {
  return text.trim() ? { text } : {};
}

function mapPaid(
  item: YTNodes.LiveChatPaidMessage | YTNodes.LiveChatPaidSticker,
  gift: { id: string; name: string },
  text: string,
  ctx: YoutubeMapContext,
): LiveEvent {
  const price = parsePurchaseAmount(item.purchase_amount);
  const data = price
    ? { amount: price.amount, currency: price.currency, amount_text: item.purchase_amount }
    : { amount_text: item.purchase_amount };
  return {
    stream: ctx.stream,
    kind: 'gift',
    at: usecToMs(item.timestamp_usec),
    ...eventId(item.id),
    ...toUser(item.author.id, item.author.name),
    count: 1,
    value: price?.minor ?? 0,
    ...optionalText(text),
    gift,
    data,
  };
}

function mapMembership(item: YTNodes.LiveChatMembershipItem, ctx: YoutubeMapContext): LiveEvent {
  // A milestone has a primary header ("Member for 41 months"); a new member has only the subtext.
  const months = item.header_primary_text ? firstNumber(item.header_primary_text) : undefined;
  return {
    stream: ctx.stream,
    kind: 'subscribe',
    at: usecToMs(item.timestamp_usec),
    ...eventId(item.id),
    ...toUser(item.author.id, item.author.name),
    count: 1,
    value: 0,
    ...optionalText(textOf(item.message)),
    data: item.header_primary_text
      ? { membership: 'milestone', ...(months === undefined ? {} : { months }) }
      : { membership: 'new', level: textOf(item.header_subtext).slice(0, 200) },
  };
}

function mapGiftPurchase(
  item: YTNodes.LiveChatSponsorshipsGiftPurchaseAnnouncement,
  ctx: YoutubeMapContext,
): LiveEvent {
  const gifted = firstNumber(item.header?.primary_text) ?? 1;
  return {
    stream: ctx.stream,
    kind: 'subscribe',
    at: usecToMs(item.timestamp_usec),
    ...eventId(item.id),
    ...toUser(item.author_external_channel_id, item.header?.author_name.toString()),
    count: gifted,
    value: 0,
    data: { membership: 'gifted', gifted },
  };
}

/** Maps one chat item (the `item` of an AddChatItemAction). Items that count nothing map to []. */
export function mapChatItem(item: YTNode | null | undefined, ctx: YoutubeMapContext): LiveEvent[] {
  if (!item) return [];
  if (item.is(YTNodes.LiveChatTextMessage)) {
    return [
      {
        stream: ctx.stream,
        kind: 'chat',
        at: usecToMs(item.timestamp_usec),
        ...eventId(item.id),
        ...toUser(item.author.id, item.author.name),
        count: 1,
        value: 0,
        text: textOf(item.message),
      },
    ];
  }
  if (item.is(YTNodes.LiveChatPaidMessage)) {
    return [mapPaid(item, { id: 'super_chat', name: 'Super Chat' }, textOf(item.message), ctx)];
  }
  if (item.is(YTNodes.LiveChatPaidSticker)) {
    const name = item.sticker_accessibility_label.trim().slice(0, MAX_NAME) || 'Super Sticker';
    return [mapPaid(item, { id: 'super_sticker', name }, '', ctx)];
  }
  if (item.is(YTNodes.LiveChatMembershipItem)) return [mapMembership(item, ctx)];
  if (item.is(YTNodes.LiveChatSponsorshipsGiftPurchaseAnnouncement)) return [mapGiftPurchase(item, ctx)];
  // Each "received a gift membership" item is one of the memberships the purchase announcement
  // already counted; counting it again would double the subscriptions.
  return [];
}

/**
 * Maps one live chat action, as youtubei.js's LiveChat emits it on 'chat-update'. Only added
 * (and replaced: a placeholder swapped for the real item) chat items count; tickers, banners,
 * deletions, polls and the rest map to [].
 */
export function mapChatAction(action: YTNode, ctx: YoutubeMapContext): LiveEvent[] {
  if (action.is(YTNodes.AddChatItemAction)) return mapChatItem(action.item, ctx);
  if (action.is(YTNodes.ReplaceChatItemAction)) return mapChatItem(action.replacement_item, ctx);
  return [];
}

/**
 * Maps a 'metadata-update' to a `viewers` reading: the concurrent viewers of a live stream
 * ("1,234 watching now"). A count that is not live (total views of a finished video) maps to [].
 */
export function mapLiveMetadata(metadata: YoutubeLiveMetadata, ctx: YoutubeMapContext): LiveEvent[] {
  const node = metadata.views?.view_count_node;
  if (!node?.is_live) return [];
  const fromText = firstNumber(node.unlabeled_view_count_value) ?? firstNumber(node.view_count);
  const original = node.original_view_count;
  const count =
    original !== undefined && Number.isSafeInteger(original) && original > 0 ? original : fromText;
  if (count === undefined) return [];
  return [{ stream: ctx.stream, kind: 'viewers', at: ctx.now, count, value: 0 }];
}
