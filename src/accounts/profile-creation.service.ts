import { ForbiddenError, TooManyRequestsError } from '../core/errors.js';
import { SerialQueue } from '../core/serial-queue.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { Profile, User } from '../store/ports.js';
import type { AccountService } from './account.service.js';

/** How long a user over the profile quota is told to wait: the quota does not reset by itself. */
export const PROFILE_QUOTA_RETRY_SECONDS = 3600;

/**
 * Who may create profiles: server admins, and, when `profilesPerUser` is above 0, any logged-in
 * user while they own fewer profiles than that. The creator becomes the profile's owner.
 * Creations by users run one at a time, so that parallel requests cannot pass the quota.
 */
export class ProfileCreationService {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly accounts: AccountService,
    private readonly profiles: ProfileService,
    /** Profiles a user who is not an admin may own by creating them; 0: only admins create profiles. */
    private readonly profilesPerUser: number,
  ) {}

  /**
   * Creates the profile for `user`, who becomes its owner. Throws `ForbiddenError`
   * ADMIN_REQUIRED when users may not create profiles, `TooManyRequestsError` QUOTA_EXCEEDED
   * when the user owns as many as allowed, and whatever `ProfileService.create` throws.
   */
  async create(user: User, input: { id: string; name: string }): Promise<Profile> {
    if (user.is_admin) return this.createOwned(user, input);
    if (this.profilesPerUser === 0) {
      throw new ForbiddenError('ADMIN_REQUIRED', 'only a server admin may create profiles on this server');
    }
    return this.queue.run(async () => {
      const memberships = await this.accounts.listMemberships(user.id);
      const owned = memberships.filter((m) => m.role === 'owner').length;
      if (owned >= this.profilesPerUser) {
        throw new TooManyRequestsError(
          'QUOTA_EXCEEDED',
          `a user may create profiles until they own ${this.profilesPerUser} (STREAMPULSE_PROFILES_PER_USER), and you own ${owned}: delete one, or ask a server admin`,
          PROFILE_QUOTA_RETRY_SECONDS,
        );
      }
      return this.createOwned(user, input);
    });
  }

  private async createOwned(user: User, input: { id: string; name: string }): Promise<Profile> {
    const profile = await this.profiles.create(input);
    await this.accounts.setRole(user.id, profile.id, 'owner');
    return profile;
  }
}
