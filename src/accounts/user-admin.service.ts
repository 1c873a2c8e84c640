import { ConflictError } from '../core/errors.js';
import type { ProfileRole } from '../core/roles.js';
import { SerialQueue } from '../core/serial-queue.js';
import type { User } from '../store/ports.js';
import type { AccountService, Authenticated, UserChange } from './account.service.js';

/** A user as the admins' list shows them: with the profiles they have a role in. */
export interface ListedUser extends User {
  memberships: { profile: string; role: ProfileRole }[];
}

const isActiveAdmin = (user: User): boolean => user.is_admin && !user.disabled;

/**
 * What server admins do to users: list them with their roles, create them, disable or enable
 * them, make or unmake admins, set their password. The server always keeps an enabled admin: an
 * admin may not disable or demote themselves, and no change may leave no enabled admin. Changes
 * run one at a time, so that two admins demoting each other cannot both pass the check.
 */
export class UserAdminService {
  private readonly queue = new SerialQueue();

  constructor(private readonly accounts: AccountService) {}

  /** Every user, by name, with their memberships. */
  async list(): Promise<ListedUser[]> {
    const users = await this.accounts.listUsers();
    return Promise.all(users.map((user) => this.withMemberships(user)));
  }

  /** Throws `ValidationError` naming the field, `ConflictError` USER_EXISTS. */
  async create(input: { name: string; password: string; isAdmin?: boolean }): Promise<ListedUser> {
    return { ...(await this.accounts.createUser(input)), memberships: [] };
  }

  /**
   * Changes user `id` on behalf of the logged-in admin `actor` (see `AccountService.updateUser`;
   * setting the actor's own password keeps the actor's login). Throws `NotFoundError`
   * USER_NOT_FOUND, `ConflictError` CANNOT_DISABLE_SELF, CANNOT_DEMOTE_SELF or LAST_ADMIN.
   */
  update(actor: Authenticated, id: string, change: UserChange): Promise<ListedUser> {
    return this.queue.run(async () => {
      const target = await this.accounts.getUser(id);
      const isSelf = target.id === actor.user.id;
      if (isSelf && change.disabled === true) {
        throw new ConflictError('CANNOT_DISABLE_SELF', 'you may not disable yourself; another admin may');
      }
      if (isSelf && change.isAdmin === false) {
        throw new ConflictError(
          'CANNOT_DEMOTE_SELF',
          'you may not take away your own admin rights; another admin may',
        );
      }
      const stopsBeingAdmin = change.disabled === true || change.isAdmin === false;
      if (isActiveAdmin(target) && stopsBeingAdmin && !(await this.hasOtherActiveAdmin(target.id))) {
        throw new ConflictError(
          'LAST_ADMIN',
          `'${target.name}' is the last enabled admin: make someone else admin first`,
        );
      }
      const updated = await this.accounts.updateUser(id, change, isSelf ? actor.session.id : null);
      return this.withMemberships(updated);
    });
  }

  private async hasOtherActiveAdmin(id: string): Promise<boolean> {
    return (await this.accounts.listUsers()).some((u) => u.id !== id && isActiveAdmin(u));
  }

  private async withMemberships(user: User): Promise<ListedUser> {
    const memberships = await this.accounts.listMemberships(user.id);
    return { ...user, memberships: memberships.map(({ profile, role }) => ({ profile, role })) };
  }
}
