import { useEffect, useState } from 'react';
import type { ActivityPayload } from '../api/live-events.js';
import { formatCount } from '../components/format.js';
import { parseInteger, parseList, type OverlayOptions } from './overlay-options.js';
import { useOverlayLive } from './use-overlay-live.js';

const KINDS = ['follow', 'gift', 'share', 'subscribe', 'cheer', 'raid'] as const;
type Item = ActivityPayload['items'][number] & { shownAt: number };

function describe(item: Item): string {
  const who = item.user?.name ?? 'someone';
  switch (item.kind) {
    case 'gift':
      return `${who} sent ${item.count > 1 ? `${item.count} × ` : ''}${item.gift?.name ?? 'a gift'}`;
    case 'follow':
      return `${who} followed`;
    case 'share':
      return `${who} shared`;
    case 'subscribe':
      return `${who} subscribed`;
    case 'cheer':
      return `${who} cheered ${formatCount(item.value)}`;
    case 'raid':
      return `${who} raided with ${formatCount(item.count)}`;
    default:
      return `${who} ${item.kind}`;
  }
}

/** Recent follows and gifts sliding in: `kinds=follow,gift`, `limit=5`, `seconds=10` on screen. */
export function EventsOverlay({ options, profile }: { options: OverlayOptions; profile: string }) {
  const kinds = parseList(options.params.get('kinds'), KINDS, ['follow', 'gift']);
  const limit = parseInteger(options.params.get('limit'), 5, 1, 20);
  const seconds = parseInteger(options.params.get('seconds'), 10, 1, 3600);
  const [items, setItems] = useState<Item[]>([]);
  useOverlayLive(profile, options.token, 'activity', (payload) => {
    if (payload.profile !== profile) return;
    const now = Date.now();
    const fresh = payload.items
      .filter((i) => (kinds as readonly string[]).includes(i.kind))
      .slice(-limit)
      .reverse()
      .map((i) => ({ ...i, shownAt: now }));
    if (fresh.length > 0) setItems((list) => [...fresh, ...list].slice(0, limit));
  });

  useEffect(() => {
    const timer = setInterval(() => {
      const cutoff = Date.now() - seconds * 1000;
      setItems((list) =>
        list.some((i) => i.shownAt < cutoff) ? list.filter((i) => i.shownAt >= cutoff) : list,
      );
    }, 500);
    return () => clearInterval(timer);
  }, [seconds]);

  return (
    <ul className="ov-events" data-testid="overlay-events">
      {items.map((i) => (
        <li key={`${i.stream}-${i.seq}`} className={`ov-box ov-event ov-${i.kind}`}>
          {describe(i)}
        </li>
      ))}
    </ul>
  );
}
