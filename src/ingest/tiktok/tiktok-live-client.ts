import type { EventEmitter } from 'node:events';
import { TikTokLiveConnection } from 'tiktok-live-connector';

/**
 * The slice of tiktok-live-connector 2.x's `TikTokLiveConnection` the connector uses: connect,
 * disconnect, and its events under their library names (`gift`, `roomUser`, `streamEnd`,
 * `disconnected`, `error`, ...). Anything with this shape can stand in for the library, for
 * example an EventEmitter in tests.
 */
export interface TikTokLiveClient {
  /** Connects to the user's live room; rejects with the library's `UserOfflineError` when not live. */
  connect(): Promise<unknown>;
  /** Closes the link; the library then emits `disconnected`. */
  disconnect(): Promise<void>;
  /** Listens to a library event; payloads are untyped here and narrowed by the listener. */
  on(event: string, listener: (payload: unknown) => void): unknown;
  removeAllListeners(): unknown;
}

/** Builds the library client for one TikTok @handle (without the '@'). */
export type TikTokClientFactory = (uniqueId: string) => TikTokLiveClient;

/** The real library client; `signApiKey` is the key of the library's sign server, if any. */
export const createTikTokLiveClientFactory =
  (options: { signApiKey?: string } = {}): TikTokClientFactory =>
  (uniqueId) => {
    const connection = new TikTokLiveConnection(
      uniqueId,
      options.signApiKey ? { signApiKey: options.signApiKey } : {},
    );
    // The class extends node's EventEmitter at runtime; its typed-emitter typings do not resolve
    // under NodeNext (a CommonJS default export), so the emitter half is typed here.
    const emitter = connection as unknown as EventEmitter;
    return {
      connect: () => connection.connect(),
      disconnect: () => connection.disconnect(),
      on: (event, listener) => emitter.on(event, listener),
      removeAllListeners: () => emitter.removeAllListeners(),
    };
  };

/** The real library client with its default options. */
export const createTikTokLiveClient: TikTokClientFactory = createTikTokLiveClientFactory();
