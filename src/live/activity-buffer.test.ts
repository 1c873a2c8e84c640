import { describe, expect, test } from 'vitest';
import type { StoredEvent } from '../core/live-event.js';
import { ActivityBuffer } from './activity-buffer.js';

const T = Date.UTC(2026, 0, 10);
const event = (seq: number, kind: StoredEvent['kind'], extra: Partial<StoredEvent> = {}): StoredEvent => ({
  seq,
  stream: 's',
  kind,
  at: T + seq,
  count: 1,
  value: 0,
  ...extra,
});

describe('activity feed buffer', () => {
  test('passes everything through when it is quiet, and says nothing was sampled', () => {
    const buffer = new ActivityBuffer(10);
    buffer.add([
      event(1, 'chat', { text: 'hi', user: { id: 'u', name: 'n', display: 'Nice' } }),
      event(2, 'like'),
      event(3, 'gift'),
    ]);
    const payload = buffer.take('p')!;
    expect(payload.items.map((i) => i.kind)).toEqual(['chat', 'gift']);
    expect(payload.items[0]!.user).toEqual({ id: 'u', name: 'Nice' });
    expect(payload.sampled).toBeNull();
    expect(buffer.take('p')).toBeNull();
  });

  test('keeps every rare event but only `limit` chats when busy, and states the sampling', () => {
    const buffer = new ActivityBuffer(5);
    const chats = Array.from({ length: 100 }, (_, i) => event(i, 'chat', { text: 'x' }));
    const gifts = Array.from({ length: 8 }, (_, i) => event(100 + i, 'gift'));
    buffer.add([...chats, ...gifts]);
    const payload = buffer.take('p')!;
    expect(payload.items.filter((i) => i.kind === 'chat')).toHaveLength(5);
    expect(payload.items.filter((i) => i.kind === 'gift')).toHaveLength(8);
    expect(payload.sampled).toEqual({ kept: 13, of: 108 });
  });

  test('bounds rare events too, at twice the limit', () => {
    const buffer = new ActivityBuffer(3);
    buffer.add(Array.from({ length: 50 }, (_, i) => event(i, 'follow')));
    expect(buffer.take('p')!.items).toHaveLength(6);
  });
});
