import type { Logger } from 'pino';
import type { LiveEvent } from '../../core/live-event.js';
import { mapGetStreamsResponse, type HelixStreamStatus } from './twitch-helix.mapper.js';

/** Where and how to ask Helix about one channel. */
export interface HelixStreamWatcherOptions {
  /** Base URL of the Helix API, without a trailing slash (`https://api.twitch.tv/helix`). */
  helixUrl: string;
  clientId: string;
  /** An app or user access token; sent as `Authorization: Bearer`. Never logged. */
  token: string;
  channel: string;
  stream: string;
  pollMs: number;
  requestTimeoutMs?: number;
  now: () => number;
  logger: Logger;
}

/** Receives what the watcher learns; called from its timer, never throws into it. */
export interface HelixStreamListener {
  events(events: LiveEvent[]): void;
  /** The stream went off air (its `stream_end` was already passed to `events`). Polling stops. */
  offline(): void;
}

/**
 * Polls Helix Get Streams for one channel: `check` asks once; `start` keeps asking every
 * `pollMs` and reports viewer readings and the end of the stream. A failed poll is logged and
 * retried at the next tick; it never stops the loop.
 */
export class HelixStreamWatcher {
  private status: HelixStreamStatus | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;

  constructor(private readonly options: HelixStreamWatcherOptions) {}

  /** Asks once and returns the channel's status and the events it implies. Throws on HTTP, network or format errors. */
  async check(): Promise<{ status: HelixStreamStatus; events: LiveEvent[] }> {
    const { helixUrl, clientId, token, channel, stream } = this.options;
    const url = `${helixUrl}/streams?user_login=${encodeURIComponent(channel)}`;
    const response = await fetch(url, {
      headers: { 'Client-Id': clientId, Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`Helix Get Streams answered HTTP ${response.status}`);
    }
    const body: unknown = await response.json();
    const receivedAt = this.options.now();
    const result = mapGetStreamsResponse(body, { channel, stream, previous: this.status, receivedAt });
    this.status = result.status;
    return result;
  }

  /** Polls every `pollMs` until `stop` or until the stream goes off air. */
  start(listener: HelixStreamListener): void {
    this.schedule(listener);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(listener: HelixStreamListener): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(listener), this.options.pollMs);
  }

  private async tick(listener: HelixStreamListener): Promise<void> {
    try {
      const { status, events } = await this.check();
      this.failures = 0;
      if (this.stopped) return;
      if (events.length > 0) listener.events(events);
      if (!status.live) {
        this.stop();
        listener.offline();
        return;
      }
    } catch (err) {
      this.failures += 1;
      this.options.logger.warn({ err, failures: this.failures }, 'helix poll failed');
    }
    this.schedule(listener);
  }
}
