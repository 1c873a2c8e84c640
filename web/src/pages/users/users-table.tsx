import { formatTime } from '../../components/format.js';
import type { ListedUser, UserChange } from './user-types.js';

/**
 * The server's users with their roles in profiles, and what an admin may do to each: disable or
 * enable, make or unmake an admin, set a password. `self` is the admin looking, who may neither
 * disable nor demote themselves.
 */
export function UsersTable(props: {
  users: ListedUser[];
  self: string | null;
  onChange: (user: ListedUser, change: UserChange) => void;
  onResetPassword: (user: ListedUser) => void;
}) {
  return (
    <table className="table compact" data-testid="users">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Roles in profiles</th>
          <th scope="col">Created</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((user) => {
          const isSelf = user.id === props.self;
          return (
            <tr key={user.id} data-testid="user" data-user={user.name}>
              <td>
                {user.name} {user.is_admin && <span className="badge ok">admin</span>}{' '}
                {user.disabled && <span className="badge warn">disabled</span>}{' '}
                {isSelf && <span className="muted small">you</span>}
              </td>
              <td data-testid="user-roles">
                {user.memberships.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  user.memberships.map((m) => `${m.profile}: ${m.role}`).join(', ')
                )}
              </td>
              <td>{formatTime(user.created_at)}</td>
              <td className="actions">
                <button
                  type="button"
                  disabled={isSelf}
                  onClick={() => props.onChange(user, { disabled: !user.disabled })}
                >
                  {user.disabled ? 'Enable' : 'Disable'}
                </button>
                <button
                  type="button"
                  disabled={isSelf}
                  onClick={() => props.onChange(user, { is_admin: !user.is_admin })}
                >
                  {user.is_admin ? 'Remove admin' : 'Make admin'}
                </button>
                <button type="button" onClick={() => props.onResetPassword(user)}>
                  Set password
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
