import { useEffect, useState } from 'react';
import { connectLive, type LiveSocket } from '../api/live-socket.js';

/**
 * The overlay's live connection to its profile. It reconnects by itself; `generation` grows on
 * every (re)connect so an overlay can read its REST data again after a server restart.
 */
export function useOverlayLive(
  profile: string,
  token: string | null,
): { socket: LiveSocket | null; generation: number } {
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const s = connectLive(profile, token);
    s.on('connect', () => setGeneration((g) => g + 1));
    setSocket(s);
    return () => {
      s.removeAllListeners();
      s.disconnect();
      setSocket(null);
    };
  }, [profile, token]);
  return { socket, generation };
}
