import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import type { ApiKey, IssuedKey } from './api-key-types.js';
import { KeyForm } from './key-form.js';
import { KeysTable } from './keys-table.js';
import { NewKeyNotice } from './new-key-notice.js';

/** The profile's API keys: for streaming tools that push events, and scripts that read or manage. */
export default function KeysPage({ profile }: { profile: string }) {
  usePageTitle('API keys');
  const keys = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/keys', { params: { path: { profile } }, signal })).then(
      ({ keys }) => ({ keys, readAt: Date.now() }),
    ),
  );
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const created = (key: IssuedKey): void => {
    setIssued(key);
    keys.reload();
  };
  const revoke = (key: ApiKey): void => {
    if (!window.confirm(`Revoke the key “${key.name}”? Anything that uses it stops working.`)) return;
    unwrap(
      api.DELETE('/api/profiles/{profile}/keys/{id}', { params: { path: { profile, id: key.id } } }),
    ).then(
      () => {
        setError(null);
        if (issued?.id === key.id) setIssued(null);
        keys.reload();
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <div>
      <h1>API keys</h1>
      {issued && <NewKeyNotice issued={issued} onDone={() => setIssued(null)} />}
      <section className="panel">
        <h2>Keys of this profile</h2>
        <KeysTable keys={keys.data?.keys ?? []} readAt={keys.data?.readAt ?? 0} onRevoke={revoke} />
        {keys.data?.keys.length === 0 && <p className="muted">No keys yet.</p>}
        <ErrorNotice error={error ?? keys.error} testId="keys-error" />
      </section>
      <section className="panel">
        <h2>New key</h2>
        <KeyForm profile={profile} onCreated={created} />
      </section>
    </div>
  );
}
