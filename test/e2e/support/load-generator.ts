import { adminLoginOf } from '../../support/live-server.js';

/** Pushes about `eventsPerSecond` valid events into a stream, in batches every `intervalMs`. */
export function startLoad(
  url: string,
  profile: string,
  stream: string,
  eventsPerSecond = 1000,
  intervalMs = 100,
) {
  const perBatch = Math.round((eventsPerSecond * intervalMs) / 1000);
  let sent = 0;
  let stored = 0;
  let rejected = 0;
  let inFlight = 0;
  let n = 0;
  const batch = () => {
    const at = Date.now();
    return Array.from({ length: perBatch }, (_, i) => {
      n += 1;
      const user = { id: `load-${n % 500}`, name: `loaduser${n % 500}` };
      const id = `load-${n}`;
      switch (i % 10) {
        case 0:
          return { stream, kind: 'viewers', at, id, count: 800 + (n % 300) };
        case 1:
          return {
            stream,
            kind: 'gift',
            at,
            id,
            user,
            count: 1,
            value: 5,
            gift: { id: '5655', name: 'Rose' },
          };
        case 2:
          return { stream, kind: 'follow', at, id, user };
        case 3:
        case 4:
          return { stream, kind: 'like', at, id, user, count: 3 };
        default:
          return { stream, kind: 'chat', at, id, user, text: `message ${n}` };
      }
    });
  };
  const timer = setInterval(() => {
    // Skip a tick rather than pile requests up if the server falls behind.
    if (inFlight >= 4) return;
    inFlight += 1;
    const events = batch();
    sent += events.length;
    fetch(`${url}/api/profiles/${profile}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...adminLoginOf(url) },
      body: JSON.stringify(events),
    })
      .then(async (res) => {
        if (res.ok) stored += ((await res.json()) as { stored: number }).stored;
        else rejected += events.length;
      })
      .catch(() => (rejected += events.length))
      .finally(() => (inFlight -= 1));
  }, intervalMs);
  return {
    stop: () => clearInterval(timer),
    figures: () => ({ sent, stored, rejected }),
  };
}
