import type { VoidOutcome, VoidTarget } from '../core/void-target.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { Pipeline } from './pipeline.js';

/** A void as a caller asks for it (see `VoidRequest`). */
export interface VoidInput {
  target: VoidTarget;
  reason: string;
  /** Who asks (free text until logins exist). */
  by: string;
  dryRun?: boolean;
}

/**
 * Takes back events of a profile: the void is recorded in the log (who, why, what) and every
 * aggregate becomes what it would be had those events never been stored, while the voided events
 * stay readable in the log, marked. The profile's writes wait meanwhile; the live views get the
 * void like any committed event.
 */
export class VoidService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly pipeline: Pipeline,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Throws `NotFoundError` PROFILE_NOT_FOUND, `ValidationError` VOID_MATCHES_NOTHING or
   * VOID_TOO_LARGE (see `checkVoidCount`).
   */
  async voidEvents(profile: string, input: VoidInput): Promise<VoidOutcome> {
    await this.profiles.get(profile);
    const request = {
      target: input.target,
      reason: input.reason,
      by: input.by,
      dryRun: input.dryRun ?? false,
    };
    return this.pipeline.exclusive(
      profile,
      (store) => store.voidEvents(request, this.now()),
      (outcome) => (outcome.event ? [outcome.event] : []),
    );
  }
}
