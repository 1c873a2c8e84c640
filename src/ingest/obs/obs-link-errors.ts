import { OBSWebSocketError } from 'obs-websocket-js/json';
import { ObsLinkError } from './obs-link.port.js';
import { ObsAnswerError, type ObsAnswer } from './obs-payloads.js';

// RequestStatus codes of a refused request (same document).
const NOT_READY = 207;
const OUTPUT_NOT_RUNNING = 501;
const INVALID_RESOURCE_STATE = 604;

// obs-websocket's close codes after which connecting again the same way cannot help
// (WebSocketCloseCode in https://github.com/obsproject/obs-websocket/blob/master/docs/generated/protocol.md).
const AUTHENTICATION_FAILED = 4009;
const UNSUPPORTED_RPC_VERSION = 4010;
/** The streamer kicked the session in OBS's session list; the protocol says not to reconnect on our own. */
const SESSION_INVALIDATED = 4011;

/** What the link knew of the password when OBS closed the connection. */
export interface PasswordContext {
  /** OBS's Hello asked for authentication. */
  asksPassword: boolean;
  hasPassword: boolean;
}

/** The error of a connection OBS closed with `code` (a WebSocket close code). */
export function closedError(code: number, context: PasswordContext): ObsLinkError {
  switch (code) {
    case AUTHENTICATION_FAILED:
      return context.hasPassword || !context.asksPassword
        ? new ObsLinkError('OBS refused the password (Tools > WebSocket Server Settings in OBS)', false)
        : new ObsLinkError('OBS asks for a password and none is set', false);
    case UNSUPPORTED_RPC_VERSION:
      return new ObsLinkError('OBS does not speak obs-websocket rpc version 1', false);
    case SESSION_INVALIDATED:
      return new ObsLinkError("OBS ended the session (kicked from OBS's WebSocket session list)", false);
    default:
      return new ObsLinkError(`the connection to OBS closed (code ${code})`, true);
  }
}

/**
 * What a failed connection attempt to `address` means: a refused password or an OBS too old
 * (retry false), or an OBS not reachable, not answering or closing (retry true).
 */
export function connectError(err: unknown, address: string, context: PasswordContext): ObsLinkError {
  if (err instanceof ObsLinkError) return err;
  if (err instanceof ObsAnswerError)
    return new ObsLinkError(`OBS did not say what it is doing: ${err.message}`, true);
  const host = hostOf(address);
  if (err instanceof OBSWebSocketError) {
    if (err.code >= 1000) return closedError(err.code, context);
    // obs-websocket 4 (OBS 27 and older) answers without the v5 subprotocol.
    if (/subprotocol/i.test(err.message)) {
      return new ObsLinkError(`${host} does not speak obs-websocket 5 (OBS 28 or newer)`, false);
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ObsLinkError(`OBS could not be reached at ${host}: ${message.slice(0, 200)}`, true);
}

/** Why OBS did not save its replay buffer, from its answer to SaveReplayBuffer (undefined: none); null when it did. */
export function replaySaveError(answer: ObsAnswer | undefined): ObsLinkError | null {
  if (answer === undefined) return new ObsLinkError('OBS gave no answer to the replay buffer save', true);
  if (answer.ok) return null;
  switch (answer.code) {
    case OUTPUT_NOT_RUNNING:
      return new ObsLinkError("OBS's replay buffer is not running", false);
    case INVALID_RESOURCE_STATE:
      return new ObsLinkError('OBS has no replay buffer (enable it in Settings > Output in OBS)', false);
    case NOT_READY:
      return new ObsLinkError('OBS is not ready (loading a scene collection, or closing)', true);
    default: {
      const why = answer.comment ? `: ${answer.comment}` : '';
      return new ObsLinkError(`OBS did not save the replay buffer (code ${answer.code}${why})`, false);
    }
  }
}

/** The address without what a URL could carry besides host and port (no user info in messages). */
export function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return 'an invalid address';
  }
}
