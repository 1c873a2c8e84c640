import type {
  Rollup,
  Session,
  SessionViewerGift,
  SessionViewerTotals,
  ViewerTotals,
} from '../core/aggregates.js';
import type { QuarterRollup, StatsSnapshot } from './read-ports.js';

/** How many viewers took part in a session and how many of them chatted. */
export interface SessionViewerCount {
  session_id: number;
  viewers: number;
  chatters: number;
}

/** Every aggregate a profile holds, in a stable order: what `rebuild` must reproduce exactly. */
export interface AggregateDump {
  stats: StatsSnapshot;
  sessions: Session[];
  sessionViewerCounts: SessionViewerCount[];
  rollups: Rollup[];
  quarterRollups: QuarterRollup[];
  viewers: ViewerTotals[];
  sessionViewers: SessionViewerTotals[];
  sessionGifts: SessionViewerGift[];
}

/** Whole-profile work done by the CLI and benchmarks, never on the request path. */
export interface AggregateMaintenance {
  /**
   * Writes aggregates the engine keeps in memory behind the log (reads see them either way);
   * resolves at once for an engine that writes them with every batch.
   */
  flush(): Promise<void>;
  /** Drops every aggregate and replays the whole log (voided events left out) through the same reducer. */
  rebuild(): Promise<{ events: number }>;
  dumpAggregates(): Promise<AggregateDump>;
}
