import { api, unwrap } from '../../api/client.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { LoginsPanel } from './logins-panel.js';
import { PasswordForm } from './password-form.js';

/** The logged-in user's own account: their logins on every device, and their password. */
export default function AccountPage() {
  usePageTitle('Account');
  const logins = useApi('logins', (signal) => unwrap(api.GET('/api/auth/sessions', { signal })));
  return (
    <div>
      <h1>Account</h1>
      <LoginsPanel logins={logins} />
      {/* A new password ends the other logins: the list shows it. */}
      <PasswordForm onChanged={logins.reload} />
    </div>
  );
}
