import { useEffect, useEffectEvent, useState } from 'react';
import type { PushedEvent, ServerToClientEvents } from '../api/live-events.js';
import { connectLive, isAccessRefusal } from '../api/live-socket.js';
import { useReportLinkRefusal } from './link-refusal.js';

type Payload<E extends PushedEvent> = Parameters<ServerToClientEvents[E]>[0];

/**
 * The overlay's live connection to its profile, receiving only `event`, which goes to `listener`
 * (the latest one given). It reconnects by itself; the number returned grows on every
 * (re)connect, so an overlay can read its REST data again after a server restart. Turned away
 * for its link (a token revoked or replaced), it tells the page (see LinkRefusal).
 */
export function useOverlayLive<E extends PushedEvent>(
  profile: string,
  token: string | null,
  event: E,
  listener: (payload: Payload<E>) => void,
): number {
  const [generation, setGeneration] = useState(0);
  const onEvent = useEffectEvent(listener);
  const onRefused = useEffectEvent(useReportLinkRefusal());
  useEffect(() => {
    const socket = connectLive(profile, token, [event]);
    socket.on('connect', () => setGeneration((g) => g + 1));
    socket.on('error', ({ code }) => {
      if (isAccessRefusal(code)) onRefused(code);
    });
    // Socket.IO's listener type cannot follow a generic event name; `Payload<E>` is the event's.
    socket.on(event, ((payload: Payload<E>) => onEvent(payload)) as never);
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [profile, token, event]);
  return generation;
}
