import type { ObsOutput, ObsOutputFile, ObsReading } from '../../core/obs-readings.js';

/** Why a link to OBS failed or ended; `retry` is false when only new settings can help (a refused password). */
export class ObsLinkError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
    this.name = 'ObsLinkError';
  }
}

/** How a connected link reports what OBS does. No call throws back into the link. */
export interface ObsLinkListener {
  /** OBS's figures, read every `intervalMs` while connected. */
  reading(reading: ObsReading): void;
  /** An output started (`active`) or stopped. */
  outputState(output: ObsOutput, active: boolean, at: number): void;
  /** OBS wrote a file. */
  file(file: ObsOutputFile): void;
  /** The connection is gone (OBS closed, the network, a session OBS ended): connect again later. */
  lost(error: ObsLinkError): void;
}

/** What OBS said when the link connected. */
export interface ObsConnected {
  obs_version: string;
  websocket_version: string;
  streaming: boolean;
  recording: boolean;
  replay_buffer: boolean;
}

export interface ObsLinkOptions {
  /** obs-websocket's address, e.g. `ws://127.0.0.1:4455`. */
  address: string;
  /** The password set in OBS (Tools > WebSocket Server Settings), or null when it asks for none. */
  password: string | null;
  /** Time between readings (ms). */
  intervalMs: number;
  now: () => number;
}

/** One connection to OBS (one connect, then disconnect; a new link for the next attempt). */
export interface ObsLink {
  /**
   * Connects and identifies; resolves once OBS answered what it is doing, and `listener` hears
   * from then on. Rejects with an `ObsLinkError` (nothing left open) when OBS cannot be reached,
   * refuses the password, or does not answer in time.
   */
  connect(listener: ObsLinkListener): Promise<ObsConnected>;
  /** Asks OBS to save its replay buffer; the file arrives through `listener.file`. Rejects with an `ObsLinkError` saying why not (no replay buffer running). */
  saveReplayBuffer(): Promise<void>;
  /** Closes the connection; nothing reaches the listener afterwards. */
  disconnect(): Promise<void>;
}
