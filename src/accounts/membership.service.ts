import { ConflictError, NotFoundError } from '../core/errors.js';
import type { ProfileRole } from '../core/roles.js';
import { SerialQueue } from '../core/serial-queue.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { Membership } from '../store/ports.js';
import type { AccountService } from './account.service.js';

/** A user with a role in a profile. */
export interface Member {
  user_id: string;
  name: string;
  role: ProfileRole;
}

/**
 * Who has which role in a profile, as its owners manage it. Users are named by their name
 * (whatever its case): an owner who is not a server admin cannot list users, but knows the name
 * of the person they add. A profile keeps at least one owner once it has one: the last may be
 * neither removed nor given a lesser role (server admins act as owners in any case). A role taken
 * away counts from the next request; live sockets are checked again within a second.
 */
export class MembershipService {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly accounts: AccountService,
    private readonly profiles: ProfileService,
  ) {}

  /** The profile's members, by name. Throws `NotFoundError` PROFILE_NOT_FOUND. */
  async list(profile: string): Promise<Member[]> {
    await this.profiles.get(profile);
    const [memberships, users] = await Promise.all([
      this.accounts.listMembers(profile),
      this.accounts.listUsers(),
    ]);
    const names = new Map(users.map((u) => [u.id, u.name]));
    return memberships
      .map((m) => ({ user_id: m.user_id, name: names.get(m.user_id) ?? m.user_id, role: m.role }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Gives the user named `name` a role in the profile (or changes it). Throws `NotFoundError`
   * PROFILE_NOT_FOUND or USER_NOT_FOUND, `ConflictError` LAST_OWNER.
   */
  set(profile: string, name: string, role: ProfileRole): Promise<Member> {
    return this.queue.run(async () => {
      await this.profiles.get(profile);
      const user = await this.accounts.findUser(name);
      const members = await this.accounts.listMembers(profile);
      if (role !== 'owner') checkOwnerLeft(profile, members, user.id);
      await this.accounts.setRole(user.id, profile, role);
      return { user_id: user.id, name: user.name, role };
    });
  }

  /**
   * Takes the user's role in the profile away. Throws `NotFoundError` PROFILE_NOT_FOUND,
   * USER_NOT_FOUND or MEMBER_NOT_FOUND, `ConflictError` LAST_OWNER.
   */
  remove(profile: string, name: string): Promise<void> {
    return this.queue.run(async () => {
      await this.profiles.get(profile);
      const user = await this.accounts.findUser(name);
      const members = await this.accounts.listMembers(profile);
      if (!members.some((m) => m.user_id === user.id)) {
        throw new NotFoundError('MEMBER_NOT_FOUND', `'${user.name}' has no role in profile '${profile}'`);
      }
      checkOwnerLeft(profile, members, user.id);
      await this.accounts.setRole(user.id, profile, null);
    });
  }
}

/** Throws LAST_OWNER when `userId` is the profile's only owner (about to stop being one). */
function checkOwnerLeft(profile: string, members: Membership[], userId: string): void {
  const owners = members.filter((m) => m.role === 'owner');
  if (owners.length === 1 && owners[0]!.user_id === userId) {
    throw new ConflictError(
      'LAST_OWNER',
      `this is the last owner of profile '${profile}': make someone else owner first`,
    );
  }
}
