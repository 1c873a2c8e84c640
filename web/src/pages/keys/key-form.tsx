import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.js';
import { useApi } from '../../app/use-api.js';
import { useLogin } from '../../app/use-login.js';
import { ErrorNotice } from '../../components/error-notice.js';
import type { ApiKeyScope, IssuedKey } from './api-key-types.js';

const SCOPES: { scope: ApiKeyScope; hint: string }[] = [
  { scope: 'ingest', hint: 'pushes events, over HTTP and the /ingest WebSocket' },
  { scope: 'read', hint: 'reads stats, sessions and the rest' },
  { scope: 'manage', hint: 'changes settings' },
];
/** Offered to server admins only: it reads every profile's metrics, and nothing else. */
const METRICS_SCOPE: { scope: ApiKeyScope; hint: string } = {
  scope: 'metrics',
  hint: "reads the server's metrics (GET /metrics, for Prometheus) and nothing else",
};

/** Local midnight at the start of a `yyyy-mm-dd` day, in epoch ms. */
function startOfDay(day: string): number {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(year, month - 1, date).getTime();
}

/** Creates an API key of the profile: a name, its scopes, optionally one stream and an expiry day. */
export function KeyForm({ profile, onCreated }: { profile: string; onCreated: (key: IssuedKey) => void }) {
  const streams = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/streams', { params: { path: { profile } }, signal })),
  );
  const login = useLogin();
  const offered = login.data?.user.is_admin ? [...SCOPES, METRICS_SCOPE] : SCOPES;
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['ingest']);
  const [stream, setStream] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  // The metrics scope goes alone: choosing it clears the others, choosing another clears it.
  const toggle = (scope: ApiKeyScope, isOn: boolean): void =>
    setScopes((all) =>
      isOn && (scope === 'metrics' || all.includes('metrics'))
        ? [scope]
        : offered.map((s) => s.scope).filter((s) => (s === scope ? isOn : all.includes(s))),
    );
  const chooseStream = (id: string): void => {
    setStream(id);
    if (id) setScopes(['ingest']);
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const expiresAt = expiresOn ? startOfDay(expiresOn) : null;
    const problem =
      scopes.length === 0
        ? 'choose at least one scope'
        : expiresAt !== null && expiresAt <= Date.now()
          ? 'the expiry day must be in the future'
          : null;
    if (problem) {
      setError(new Error(problem));
      return;
    }
    const body = { name, scopes, stream: stream || null, expires_at: expiresAt };
    unwrap(api.POST('/api/profiles/{profile}/keys', { params: { path: { profile } }, body })).then(
      (issued) => {
        setError(null);
        setName('');
        setExpiresOn('');
        onCreated(issued);
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <form className="stacked" onSubmit={submit} data-testid="key-form">
      <label>
        Name
        <input required name="name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset>
        <legend>Scopes</legend>
        {offered.map(({ scope, hint }) => (
          <label key={scope} className="check">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              checked={scopes.includes(scope)}
              disabled={stream !== '' && scope !== 'ingest'}
              onChange={(e) => toggle(scope, e.target.checked)}
            />
            {scope} <span className="muted small">{hint}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label>
          Stream
          <select
            name="stream"
            value={stream}
            aria-describedby={`${id}-stream`}
            onChange={(e) => chooseStream(e.target.value)}
          >
            <option value="">Every stream</option>
            {(streams.data?.streams ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        <span id={`${id}-stream`} className="muted small">
          A key bound to one stream may push that stream only: it has the ingest scope alone.
        </span>
      </div>
      <label>
        Expires on (optional)
        <input type="date" name="expires" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} />
      </label>
      <button type="submit">Create key</button>
      <ErrorNotice error={error} testId="key-error" />
    </form>
  );
}
