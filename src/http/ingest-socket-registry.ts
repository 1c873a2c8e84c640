import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { ApiKeyService } from '../profiles/api-key.service.js';
import type { ApiKey } from '../store/ports.js';

/**
 * The close code of a socket whose key stopped being valid (revoked, or its profile deleted):
 * 1008, policy violation, with the reason in the close frame.
 */
export const KEY_REVOKED_CLOSE_CODE = 1008;

/**
 * How often the keys of the open sockets are checked against the store, for revocations made
 * on another instance (this instance's own close their sockets at once).
 */
const KEY_RECHECK_MS = 500;

/**
 * The open /ingest sockets and the key each was opened with. A socket is closed (1008) as soon
 * as its key is revoked or its profile deleted through this instance, and within KEY_RECHECK_MS
 * when that happened on another instance sharing the database.
 */
export class IngestSocketRegistry {
  private readonly open = new Map<WebSocket, ApiKey>();
  private readonly timer: NodeJS.Timeout;
  private isChecking = false;

  constructor(
    private readonly keys: ApiKeyService,
    private readonly log: Logger,
  ) {
    keys.onRevoke((profile, keyId) =>
      this.closeWhere(
        (key) => key.profile === profile && (keyId === null || key.id === keyId),
        keyId === null ? 'profile deleted' : 'ingest key revoked',
      ),
    );
    this.timer = setInterval(() => void this.recheck(), KEY_RECHECK_MS);
    this.timer.unref();
  }

  add(ws: WebSocket, key: ApiKey): void {
    this.open.set(ws, key);
    ws.once('close', () => this.open.delete(ws));
  }

  /** Stops the periodic check (shutdown). */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Closes the sockets whose key is no longer in the store. */
  async recheck(): Promise<void> {
    if (this.isChecking || this.open.size === 0) return;
    this.isChecking = true;
    try {
      const profiles = new Set([...this.open.values()].map((k) => k.profile));
      for (const profile of profiles) {
        const valid = await this.keys.validKeyIds(profile);
        this.closeWhere((key) => key.profile === profile && !valid.has(key.id), 'ingest key revoked');
      }
    } catch (err) {
      this.log.warn({ err }, 'ingest key check failed');
    } finally {
      this.isChecking = false;
    }
  }

  private closeWhere(isGone: (key: ApiKey) => boolean, reason: string): void {
    for (const [ws, key] of this.open) {
      if (!isGone(key)) continue;
      this.open.delete(ws);
      ws.close(KEY_REVOKED_CLOSE_CODE, reason);
    }
  }
}
