import type { Connector, ConnectorFactory, ConnectorHandlers } from '../connector.js';
import { replayFile } from './replay.js';

export interface ReplayConnectorOptions {
  /** An NDJSON file of events, e.g. one written by `streampulse record`. */
  file: string;
  /** 1 = the events' own pace, 10 = ten times faster, 0 = as fast as possible. */
  speed: number;
}

class ReplayAborted extends Error {
  override name = 'ReplayAborted';
}

/**
 * A connector whose channel is a recording: it plays an NDJSON file as the stream's live feed,
 * at the recorded pace (scaled by `speed`), every event re-labelled to the target stream, and
 * reports `finished` at the end. The file is validated first: a bad line fails the connection
 * before anything is heard.
 */
class ReplayConnector implements Connector {
  private isStopped = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly options: ReplayConnectorOptions,
    private readonly stream: string,
    private readonly profile: string,
  ) {}

  connect(handlers: ConnectorHandlers): Promise<void> {
    this.running = replayFile({
      file: this.options.file,
      profile: this.profile,
      speed: this.options.speed,
      submit: (_profile, events) => {
        if (this.isStopped) return Promise.reject(new ReplayAborted('disconnected'));
        handlers.events(events.map((e) => ({ ...e, stream: this.stream })));
        return Promise.resolve({ stored: events.length, duplicates: 0 });
      },
    }).then(
      () => handlers.closed({ offline: true, finished: true }),
      (err: unknown) => {
        if (err instanceof ReplayAborted) return;
        handlers.closed({
          offline: false,
          error: err instanceof Error ? err : new Error(String(err)),
          finished: true,
        });
      },
    );
    return Promise.resolve();
  }

  async disconnect(): Promise<void> {
    this.isStopped = true;
    await this.running;
  }
}

/** Plays `options.file` into whichever stream it is started for. */
export function replayConnectorFactory(options: ReplayConnectorOptions): ConnectorFactory {
  return ({ profile, stream }) => new ReplayConnector(options, stream.id, profile);
}
