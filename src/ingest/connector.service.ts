import type { Logger } from 'pino';
import type { ProfileService } from '../profiles/profile.service.js';
import type { StreamInfo } from '../store/ports.js';
import type { ConnectorFactory } from './connector.js';
import type { ConnectorStatus } from './connector-status.js';
import type { ConnectorSupervisor } from './connector-supervisor.js';
import { LocalStatusBoard, type ConnectorStatusBoard } from './leases/connector-status-board.js';
import type { LeaseCoordinator, StreamRef } from './leases/lease-coordinator.js';

/** How long a status shared by another instance stays believed without a refresh. */
const STATUS_TTL_MS = 15_000;

/** A stream that should be connected, as the lease coordinator hands it over. */
export type WantedStream = StreamRef & { stream: StreamInfo };

/**
 * Connecting and disconnecting streams, as the API and the start-up see it. A stream marked
 * enabled should be connected, through restarts: connecting marks it, disconnecting clears the
 * mark. Which instance runs it is the lease coordinator's business (with one instance: this one).
 */
export class ConnectorService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly supervisor: ConnectorSupervisor,
    private readonly log: Logger,
  ) {}

  private coordinator: LeaseCoordinator<WantedStream> | null = null;
  private board: ConnectorStatusBoard = new LocalStatusBoard();
  private heartbeat: NodeJS.Timeout | null = null;

  /** Shares this instance's connector statuses with the others (several instances). */
  useStatusBoard(board: ConnectorStatusBoard): void {
    this.board = board;
  }

  /** A status changed here: tell the other instances. */
  statusChanged(profile: string, status: ConnectorStatus): void {
    if (status.state !== 'stopped') this.board.publish(profile, status, STATUS_TTL_MS);
  }

  /** Hands the running of enabled streams to a lease coordinator (set once, at start). */
  useCoordinator(coordinator: LeaseCoordinator<WantedStream>): void {
    this.coordinator = coordinator;
  }

  /**
   * Connects a stream (a connected one stays as it is) and answers its status here: `stopped`
   * when another instance holds its lease. Throws CONNECTOR_UNSUPPORTED for `custom`.
   */
  async connect(profile: string, streamId: string): Promise<ConnectorStatus> {
    const stream = await this.profiles.getStream(profile, streamId);
    this.supervisor.assertSupported(profile, stream);
    if (!stream.enabled) await this.profiles.updateStream(profile, streamId, { enabled: true });
    if (this.coordinator) await this.coordinator.reconcile();
    else this.supervisor.start(profile, { ...stream, enabled: true });
    return this.supervisor.status(profile, stream);
  }

  /**
   * Feeds a stream from `factory` (the demo's simulator) instead of its platform whenever it is
   * connected, here or by the lease rounds; `null` says its source is off, so it is never
   * connected (not to the platform it only imitates either). Set before the rounds start.
   */
  useSource(profile: string, streamId: string, factory: ConnectorFactory | null): void {
    this.supervisor.useSource(profile, streamId, factory);
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
    const status = (await this.supervisor.stop(profile, streamId)) ?? this.supervisor.status(profile, stream);
    // Let the lease go at once, so no instance picks the stream up again.
    if (this.coordinator) await this.coordinator.reconcile();
    return status;
  }

  /**
   * Every stream of the profile with its connector's status: as run here, or as the instance
   * running it last said (several instances).
   */
  async list(profile: string): Promise<ConnectorStatus[]> {
    const streams = await this.profiles.listStreams(profile);
    const elsewhere = await this.board.read(profile);
    return streams.map((s) => {
      const here = this.supervisor.status(profile, s);
      const remote = elsewhere.get(s.id);
      return here.state === 'stopped' && remote && s.enabled ? remote : here;
    });
  }

  /** Starts the lease rounds: enabled streams connect (here, or on the instance that wins them). */
  async startCoordination(): Promise<number> {
    if (!this.coordinator) return 0;
    await this.coordinator.reconcile();
    this.coordinator.start();
    // Statuses shared with the other instances are refreshed while the connectors run.
    this.heartbeat = setInterval(() => {
      for (const { profile, status } of this.supervisor.running())
        this.board.publish(profile, status, STATUS_TTL_MS);
    }, STATUS_TTL_MS / 3);
    this.heartbeat.unref();
    return this.coordinator.heldStreams().length;
  }

  /** Every enabled stream of every profile whose platform has a connector: what should run somewhere. */
  async wantedStreams(): Promise<WantedStream[]> {
    const wanted: WantedStream[] = [];
    for (const profile of await this.profiles.list()) {
      for (const stream of await this.profiles.listStreams(profile.id)) {
        if (stream.enabled && this.supervisor.isSupported(profile.id, stream)) {
          wanted.push({ profile: profile.id, streamId: stream.id, stream });
        }
      }
    }
    return wanted;
  }

  /** The streams connected on this instance to their platform (what platform pollers follow here). */
  connectedHere(): { profile: string; stream: StreamInfo }[] {
    return this.supervisor.platformStreams();
  }

  /** Disconnects every stream (shutdown); their `enabled` marks stay for the next start. */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.coordinator?.close();
    await this.supervisor.close();
    await this.board.close();
  }

  /** A stream's channel changed while connected: connect to the new channel. */
  async streamChanged(profile: string, stream: StreamInfo): Promise<void> {
    if (!this.supervisor.isChannelChanged(profile, stream)) return;
    await this.supervisor.stop(profile, stream.id);
    this.supervisor.start(profile, stream);
  }
}
