import { useEffect, useState } from 'react';
import type { PushedEvent } from '../api/live-events.js';
import { connectLive, type LiveSocket } from '../api/live-socket.js';

/**
 * The overlay's live connection to its profile, receiving only `events`. It reconnects by itself;
 * `generation` grows on every (re)connect so an overlay can read its REST data again after a
 * server restart.
 */
export function useOverlayLive(
  profile: string,
  token: string | null,
  events: readonly PushedEvent[],
): { socket: LiveSocket | null; generation: number } {
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const s = connectLive(profile, token, events);
    s.on('connect', () => setGeneration((g) => g + 1));
    setSocket(s);
    return () => {
      s.removeAllListeners();
      s.disconnect();
      setSocket(null);
    };
  }, [profile, token, events.join(',')]);
  return { socket, generation };
}
