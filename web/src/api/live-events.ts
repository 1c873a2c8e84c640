// The server's typed Socket.IO event map, shared with the server (type-only: nothing of it is bundled).
export type {
  ActivityPayload,
  ClientToServerEvents,
  HandshakeAuth,
  LiveStatsPayload,
  PushedEvent,
  SeedStatsPayload,
  ServerToClientEvents,
  TriggerEntry,
} from '../../../src/live/live-events.js';
