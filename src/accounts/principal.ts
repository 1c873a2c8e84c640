import type { OverlayKind } from '../core/overlay-kinds.js';
import type { ApiKey, LoginSession, User } from '../store/ports.js';

/** What an overlay token grants: reading one profile, for one overlay kind or all of them. */
export interface OverlayGrant {
  id: string;
  profile: string;
  /** The overlay kind it was made for, or null for any. */
  overlay: OverlayKind | null;
}

/** Who a request or a socket comes from. */
export type Principal =
  | { kind: 'user'; user: User; session: LoginSession }
  | { kind: 'key'; key: ApiKey }
  | { kind: 'overlay'; grant: OverlayGrant }
  | { kind: 'nobody' };

export const NOBODY: Principal = { kind: 'nobody' };

/** The credentials a request carries: the login cookie's token, the `Authorization: Bearer` one. */
export interface Credentials {
  login: string | null;
  bearer: string | null;
}
