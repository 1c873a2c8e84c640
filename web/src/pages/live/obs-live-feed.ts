import type uPlot from 'uplot';
import { MAX_RATE_GAP_MS, type ObsHealthSample } from '../../../../src/core/obs-health.js';
import type { ObsLink } from '../../api/openapi.gen.js';
import type { ChartSource } from '../../components/time-chart.js';
import type { ObsHealthMinute } from '../obs/obs-types.js';
import { readObsSample, readObsStatus } from './obs-live-payloads.js';

/** How far back the bitrate line goes, and how much of the past the page reads when it opens. */
export const OBS_CHART_WINDOW_MS = 30 * 60_000;
/** Most samples held, however many arrive: the window at two samples a second. */
const MAX_SAMPLES = 3600;
const HALF_MINUTE_MS = 30_000;

/** What the live page shows of OBS, as one value that changes when anything in it does. */
export interface ObsLiveView {
  /** The link's settings and latest status; null until read. */
  link: ObsLink | null;
  /** The samples of the window, oldest first. */
  samples: readonly ObsHealthSample[];
  /** Whether the bitrate line has anything to draw. */
  hasBitrate: boolean;
}

/**
 * OBS's side of the live page: the link (read from the API, then kept up to date by `obs_status`),
 * and its stream health: the minutes before the page opened (from the API), then each `obs_health`
 * sample, in a window of `OBS_CHART_WINDOW_MS` (memory does not grow however long the page stays
 * open). A chart source for the bitrate line and an external store for React.
 */
export class ObsLiveFeed implements ChartSource {
  private link: ObsLink | null = null;
  private samples: ObsHealthSample[] = [];
  private minutes: { at: number; kbps: number }[] = [];
  private pushedStatuses = 0;
  private view: ObsLiveView = { link: null, samples: [], hasBitrate: false };
  private readonly listeners = new Set<() => void>();

  /** A mark to give `setLink`: a status pushed after it was taken is newer than the answer. */
  mark(): number {
    return this.pushedStatuses;
  }

  /** Takes the link as the API answered it; its status only if none was pushed since `mark`. */
  setLink(link: ObsLink, mark: number): void {
    const status = mark === this.pushedStatuses || !this.link ? link.status : this.link.status;
    this.link = { settings: link.settings, status };
    this.changed();
  }

  /** An `obs_status` message (already checked to be the page's profile). */
  pushStatus(payload: unknown): void {
    const status = readObsStatus(payload);
    if (!status) return;
    this.pushedStatuses += 1;
    if (this.link) this.link = { ...this.link, status };
    this.changed();
  }

  /** The minutes before the page opened, replacing those read before. */
  seed(minutes: readonly ObsHealthMinute[]): void {
    this.minutes = minutes
      .filter((m) => m.bitrate_avg_kbps !== null && Number.isFinite(m.minute))
      .map((m) => ({ at: m.minute + HALF_MINUTE_MS, kbps: m.bitrate_avg_kbps! }))
      .sort((a, b) => a.at - b.at);
    this.changed();
  }

  /** An `obs_health` message (already checked to be the page's profile); one out of order is left out. */
  addSample(payload: unknown): void {
    const sample = readObsSample(payload);
    const last = this.samples.at(-1);
    if (!sample || (last && sample.at <= last.at)) return;
    const from = sample.at - OBS_CHART_WINDOW_MS;
    const kept = this.samples.filter((s) => s.at > from);
    this.samples = [...kept.slice(Math.max(0, kept.length - MAX_SAMPLES + 1)), sample];
    this.changed();
  }

  readonly getView = (): ObsLiveView => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * The bitrate line: `[seconds, kbps]`, the minutes' averages up to the first sample, then every
   * sample's. The line breaks where no figure came for longer than a bitrate is given over (the
   * link or the stream was down).
   */
  snapshot(): uPlot.AlignedData {
    const firstSample = this.samples[0]?.at ?? Infinity;
    const points = [
      ...this.minutes.filter((m) => m.at < firstSample),
      ...this.samples.map((s) => ({ at: s.at, kbps: s.bitrate_kbps })),
    ];
    const times: number[] = [];
    const values: (number | null)[] = [];
    let previous = -Infinity;
    for (const p of points) {
      if (p.at - previous > MAX_RATE_GAP_MS && times.length > 0) {
        times.push((previous + 1) / 1000);
        values.push(null);
      }
      times.push(p.at / 1000);
      values.push(p.kbps);
      previous = p.at;
    }
    return [times, values];
  }

  private changed(): void {
    this.view = {
      link: this.link,
      samples: this.samples,
      hasBitrate: this.minutes.length > 0 || this.samples.some((s) => s.bitrate_kbps !== null),
    };
    this.listeners.forEach((listener) => listener());
  }
}
