import type { Logger } from 'pino';
import type { ProfileService } from '../profiles/profile.service.js';
import type { StreamInfo } from '../store/ports.js';
import type { ConnectorFactory } from './connector.js';
import type { ConnectorStatus } from './connector-status.js';
import type { ConnectorSupervisor } from './connector-supervisor.js';

/**
 * Connecting and disconnecting streams, as the API and the start-up see it. Connecting a stream
 * also marks it enabled, so it connects again after a restart; disconnecting clears the mark.
 */
export class ConnectorService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly supervisor: ConnectorSupervisor,
    private readonly log: Logger,
  ) {}

  /** Connects a stream (a connected one stays as it is). Throws CONNECTOR_UNSUPPORTED for `custom`. */
  async connect(profile: string, streamId: string): Promise<ConnectorStatus> {
    const stream = await this.profiles.getStream(profile, streamId);
    const status = this.supervisor.start(profile, stream);
    if (!stream.enabled) await this.profiles.updateStream(profile, streamId, { enabled: true });
    return status;
  }

  /**
   * Runs a stream from a given source (the simulator, a replayed recording) instead of its
   * platform, supervised the same way. It is not marked enabled: a restart does not resume it.
   */
  async run(profile: string, streamId: string, factory: ConnectorFactory): Promise<ConnectorStatus> {
    return this.supervisor.start(profile, await this.profiles.getStream(profile, streamId), factory);
  }

  /** Resolves once a stream's source has finished (a replay at its end) and its events are stored. */
  async finished(profile: string, streamId: string): Promise<ConnectorStatus | null> {
    return this.supervisor.finished(profile, streamId);
  }

  async disconnect(profile: string, streamId: string): Promise<ConnectorStatus> {
    const stream = await this.profiles.getStream(profile, streamId);
    if (stream.enabled) await this.profiles.updateStream(profile, streamId, { enabled: false });
    return (await this.supervisor.stop(profile, streamId)) ?? this.supervisor.status(profile, stream);
  }

  /** Every stream of the profile with its connector's status. */
  async list(profile: string): Promise<ConnectorStatus[]> {
    const streams = await this.profiles.listStreams(profile);
    return streams.map((s) => this.supervisor.status(profile, s));
  }

  /** Connects every enabled stream of every profile whose platform has a connector. */
  async startEnabled(): Promise<number> {
    let started = 0;
    for (const profile of await this.profiles.list()) {
      for (const stream of await this.profiles.listStreams(profile.id)) {
        if (!stream.enabled || stream.platform === 'custom') continue;
        try {
          this.supervisor.start(profile.id, stream);
          started += 1;
        } catch (err) {
          this.log.warn({ err, profile: profile.id, stream: stream.id }, 'enabled stream not connected');
        }
      }
    }
    return started;
  }

  /** Disconnects every stream (shutdown); their `enabled` marks stay for the next start. */
  close(): Promise<void> {
    return this.supervisor.close();
  }

  /** A stream's channel changed while connected: connect to the new channel. */
  async streamChanged(profile: string, stream: StreamInfo): Promise<void> {
    if (!this.supervisor.isChannelChanged(profile, stream)) return;
    await this.supervisor.stop(profile, stream.id);
    this.supervisor.start(profile, stream);
  }
}
