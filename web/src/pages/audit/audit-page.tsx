import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { useLogin } from '../../app/use-login.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { AuditTable } from './audit-table.js';

const PAGE = 50;

type Scope = 'profile' | 'server';

/**
 * The audit trail, newest first, a page at a time: the profile's changes (its owners), or every
 * change on the server (server admins).
 */
export default function AuditPage({ profile }: { profile: string }) {
  usePageTitle('Audit');
  const login = useLogin();
  const [scope, setScope] = useState<Scope>('profile');
  // The `before` of each page after the first, the one shown last.
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors.at(-1);
  const trail = useApi(`${scope}:${before ?? ''}`, (signal) => {
    const query = { before, limit: PAGE };
    return scope === 'server'
      ? unwrap(api.GET('/api/audit', { params: { query }, signal }))
      : unwrap(api.GET('/api/profiles/{profile}/audit', { params: { path: { profile }, query }, signal }));
  });
  const choose = (next: Scope): void => {
    setScope(next);
    setCursors([]);
  };
  const next = trail.data?.next ?? null;
  return (
    <div>
      <h1>Audit</h1>
      <p className="muted">Who changed what, when and from where. Secrets are never recorded.</p>
      {login.data?.user.is_admin && (
        <div className="form-row">
          <label>
            Trail
            <select name="scope" value={scope} onChange={(e) => choose(e.target.value as Scope)}>
              <option value="profile">This profile</option>
              <option value="server">The whole server</option>
            </select>
          </label>
        </div>
      )}
      <section className="panel">
        <AuditTable entries={trail.data?.entries ?? []} showProfile={scope === 'server'} />
        {trail.data?.entries.length === 0 && <p className="muted">Nothing recorded yet.</p>}
        <div className="form-row">
          <button
            type="button"
            disabled={cursors.length === 0}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Newer
          </button>
          <button
            type="button"
            disabled={next === null}
            onClick={() => next !== null && setCursors((c) => [...c, next])}
          >
            Older
          </button>
        </div>
        <ErrorNotice error={trail.error} testId="audit-error" />
      </section>
    </div>
  );
}
