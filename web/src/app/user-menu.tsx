import { useState } from 'react';
import { loginChanged } from './login-changed.js';
import { api, unwrap } from '../api/client.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Link } from './link.js';
import { loginPath } from './login-redirect.js';
import { navigate } from './router.js';
import { useLogin } from './use-login.js';

/**
 * The header's account links: the logged-in user's name, the users and system pages (server admins only),
 * their account page and a log out; a "Log in" link when nobody is logged in. `here` is the page
 * shown (path and query), to come back to; `link` keeps the profile shown in the links.
 */
export function UserMenu(props: { path: string; here: string; link: (path: string) => string }) {
  const login = useLogin();
  const [error, setError] = useState<unknown>(null);
  const logOut = (): void => {
    unwrap(api.POST('/api/auth/logout')).then(
      () => {
        loginChanged(null);
        navigate('/login');
      },
      (err: unknown) => setError(err),
    );
  };
  // Nothing to say until the server answered; a server out of reach shows on the page itself.
  if (login.loading || login.error) return null;
  if (!login.data) {
    return (
      <nav className="user-menu" aria-label="Account">
        <Link to={loginPath(props.here)}>Log in</Link>
      </nav>
    );
  }
  return (
    <nav className="user-menu" aria-label="Account">
      <span data-testid="user-name">{login.data.user.name}</span>
      {login.data.user.is_admin && (
        <Link to={props.link('/users')} current={props.path === '/users'}>
          Users
        </Link>
      )}
      {login.data.user.is_admin && (
        <Link to={props.link('/system')} current={props.path === '/system'}>
          System
        </Link>
      )}
      <Link to={props.link('/account')} current={props.path === '/account'}>
        Account
      </Link>
      <button type="button" onClick={logOut}>
        Log out
      </button>
      {error != null && <ErrorNotice error={error} testId="logout-error" />}
    </nav>
  );
}
