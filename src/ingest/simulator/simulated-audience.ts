import type { EventUser } from '../../core/live-event.js';
import type { Activity } from './platform-activity.js';
import type { SeededRandom } from './seeded-random.js';
import { WeightedPicker } from './simulator-catalogue.js';

/** How often one viewer shares one broadcast, at most. */
export const MAX_SHARES_PER_SESSION = 3;
/** The share of the audience that ever sends gifts, bits or subscriptions: most viewers send nothing. */
export const GIFTER_SHARE = 0.05;

/** Activities that cost the viewer money: only the audience's gifters do them. */
const PAID: ReadonlySet<Activity> = new Set<Activity>(['streak', 'bigGift', 'cheer', 'subscribe']);

/**
 * Who does what in one simulated broadcast. Regulars (the first of `audience`, Zipf-like weights)
 * do most of the chatting and liking; a few of them (`GIFTER_SHARE`) do all the gifting, again
 * with a long tail. Anyone may join or follow: each viewer joins a broadcast once, follows the
 * stream once ever (`followers` remembers who did, across broadcasts if the caller shares it) and
 * shares a broadcast `MAX_SHARES_PER_SESSION` times at most. A draw that would break one of these
 * rules gives nobody: the occurrence does not happen.
 */
export class SimulatedAudience {
  private readonly regulars: WeightedPicker<EventUser>;
  private readonly gifters: WeightedPicker<EventUser>;
  private readonly joined = new Set<string>();
  private readonly shares = new Map<string, number>();

  /** `audience` must not be empty; its order is its ranking, most active first. */
  constructor(
    private readonly audience: readonly EventUser[],
    private readonly followers: Set<string>,
  ) {
    const zipf = (_u: EventUser, rank: number) => 1 / (rank + 1);
    this.regulars = new WeightedPicker(audience, zipf);
    this.gifters = new WeightedPicker(
      audience.slice(0, Math.max(1, Math.round(audience.length * GIFTER_SHARE))),
      zipf,
    );
  }

  /** The viewer behind one occurrence of `activity`, or null when nobody may do it now. */
  pickFor(activity: Activity, rng: SeededRandom): EventUser | null {
    if (PAID.has(activity)) return this.gifters.pick(rng);
    switch (activity) {
      case 'join':
        return this.pickOnce(rng, this.joined);
      case 'follow':
        return this.pickOnce(rng, this.followers);
      case 'share': {
        const user = this.regulars.pick(rng);
        const shared = this.shares.get(user.id) ?? 0;
        if (shared >= MAX_SHARES_PER_SESSION) return null;
        this.shares.set(user.id, shared + 1);
        return user;
      }
      default:
        return this.regulars.pick(rng);
    }
  }

  /** Anyone of the audience, uniformly, unless already in `done` (then nobody); adds them to it. */
  private pickOnce(rng: SeededRandom, done: Set<string>): EventUser | null {
    const user = rng.pick(this.audience);
    if (done.has(user.id)) return null;
    done.add(user.id);
    return user;
  }
}

/** Who follows each stream, by stream id: what a channel's simulators share. */
export type StreamFollowers = Map<string, Set<string>>;

/** The followers of `stream` in `byStream`, an empty set added there the first time. */
export function followersOf(byStream: StreamFollowers, stream: string): Set<string> {
  let followers = byStream.get(stream);
  if (!followers) {
    followers = new Set();
    byStream.set(stream, followers);
  }
  return followers;
}
