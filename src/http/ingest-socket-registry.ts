import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { PUSH } from '../accounts/access-rule.js';
import type { AccessService } from '../accounts/access.service.js';
import { ForbiddenError, NotFoundError, UnauthorizedError, type AppError } from '../core/errors.js';
import type { ApiKeyService } from '../profiles/api-key.service.js';
import type { ApiKey } from '../store/ports.js';

/**
 * The close code of a socket whose credential stopped being valid (its key revoked, its login
 * ended or its role lowered, its profile deleted): 1008, policy violation, with the reason in the
 * close frame.
 */
export const ACCESS_ENDED_CLOSE_CODE = 1008;

/**
 * How often the credentials of the open sockets are checked again, for changes made on another
 * instance (this instance's own key revocations close their sockets at once) and for logins,
 * which end or lose their role without a signal.
 */
export const INGEST_RECHECK_MS = 500;

/** What an /ingest socket was opened with: an ingest key, or an editor's login (its token). */
export type IngestGrant = { kind: 'key'; key: ApiKey } | { kind: 'login'; profile: string; token: string };

/** The profile a grant pushes to. */
export const grantProfile = (grant: IngestGrant): string =>
  grant.kind === 'key' ? grant.key.profile : grant.profile;

/**
 * The open /ingest sockets and what each was opened with. A socket is closed (1008) as soon as
 * its key is revoked or its profile deleted through this instance, and within INGEST_RECHECK_MS
 * when that happened on another instance sharing the database, or when its login ended or no
 * longer may push to the profile (held to the PUSH rule again, as when it opened).
 */
export class IngestSocketRegistry {
  private readonly open = new Map<WebSocket, IngestGrant>();
  private readonly timer: NodeJS.Timeout;
  private isChecking = false;

  constructor(
    private readonly keys: ApiKeyService,
    private readonly access: AccessService,
    private readonly log: Logger,
  ) {
    keys.onRevoke((profile, keyId) =>
      this.closeWhere(
        (grant) =>
          grantProfile(grant) === profile &&
          (keyId === null || (grant.kind === 'key' && grant.key.id === keyId)),
        keyId === null ? 'profile deleted' : 'ingest key revoked',
      ),
    );
    this.timer = setInterval(() => void this.recheck(), INGEST_RECHECK_MS);
    this.timer.unref();
  }

  add(ws: WebSocket, grant: IngestGrant): void {
    this.open.set(ws, grant);
    ws.once('close', () => this.open.delete(ws));
  }

  /** Stops the periodic check (shutdown). */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Closes the sockets whose key is no longer in the store, or whose login may no longer push. */
  async recheck(): Promise<void> {
    if (this.isChecking || this.open.size === 0) return;
    this.isChecking = true;
    try {
      await this.recheckKeys();
      await this.recheckLogins();
    } catch (err) {
      this.log.warn({ err }, 'ingest socket access check failed');
    } finally {
      this.isChecking = false;
    }
  }

  private async recheckKeys(): Promise<void> {
    const profiles = new Set(
      [...this.open.values()].filter((g) => g.kind === 'key').map((g) => g.key.profile),
    );
    for (const profile of profiles) {
      const valid = await this.keys.validKeyIds(profile);
      this.closeWhere(
        (g) => g.kind === 'key' && g.key.profile === profile && !valid.has(g.key.id),
        'ingest key revoked',
      );
    }
  }

  /** Each login and profile once, however many sockets share them. */
  private async recheckLogins(): Promise<void> {
    const logins = new Map<string, { profile: string; token: string }>();
    for (const g of this.open.values()) {
      if (g.kind === 'login') logins.set(`${g.profile}\n${g.token}`, g);
    }
    for (const { profile, token } of logins.values()) {
      const refusal = await this.refusalOf(profile, token);
      if (!refusal) continue;
      this.log.info({ profile, code: refusal.code }, 'ingest sockets closed: access ended');
      const reason = refusal.code === 'LOGIN_REQUIRED' ? 'login ended' : `access ended: ${refusal.code}`;
      this.closeWhere((g) => g.kind === 'login' && g.profile === profile && g.token === token, reason);
    }
  }

  /**
   * Why a login may no longer push to a profile, or null while it may. A check that could not be
   * made (the store unavailable) throws: the sockets stay open until it can be.
   */
  private async refusalOf(profile: string, token: string): Promise<AppError | null> {
    try {
      const principal = await this.access.identify({ login: token, bearer: null });
      await this.access.check(principal, PUSH, profile);
      return null;
    } catch (err) {
      if (isRefusal(err)) return err;
      throw err;
    }
  }

  private closeWhere(isGone: (grant: IngestGrant) => boolean, reason: string): void {
    for (const [ws, grant] of this.open) {
      if (!isGone(grant)) continue;
      this.open.delete(ws);
      ws.close(ACCESS_ENDED_CLOSE_CODE, reason);
    }
  }
}

const isRefusal = (err: unknown): err is AppError =>
  err instanceof UnauthorizedError || err instanceof ForbiddenError || err instanceof NotFoundError;
