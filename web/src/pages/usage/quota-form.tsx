import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.js';
import { useApi } from '../../app/use-api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatCount } from '../../components/format.js';

/** The profile's quota of pushed events per UTC day; server admins may change it. */
export function QuotaPanel({ profile, canEdit }: { profile: string; canEdit: boolean }) {
  const quota = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/settings/quota', { params: { path: { profile } }, signal })),
  );
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const limit = quota.data?.events_per_day ?? null;
  const shown = draft ?? (limit === null ? '' : String(limit));
  const save = (e: FormEvent): void => {
    e.preventDefault();
    const body = { events_per_day: shown.trim() === '' ? null : Number(shown) };
    unwrap(api.PUT('/api/profiles/{profile}/settings/quota', { params: { path: { profile } }, body })).then(
      () => {
        setError(null);
        setDraft(null);
        quota.reload();
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <section className="panel" aria-labelledby="quota-title">
      <h2 id="quota-title">Quota</h2>
      <p data-testid="quota">
        {quota.data === null
          ? '…'
          : limit === null
            ? 'No limit on the events pushed per day.'
            : `At most ${formatCount(limit)} events pushed per UTC day; past it pushes get 429 until midnight UTC.`}
      </p>
      {canEdit && (
        <form className="form-row" onSubmit={save} data-testid="quota-form">
          <label>
            Events per day (empty: no limit)
            <input
              type="number"
              min={0}
              step={1}
              name="events-per-day"
              value={shown}
              onChange={(e) => setDraft(e.target.value)}
            />
          </label>
          <button type="submit">Save quota</button>
        </form>
      )}
      <ErrorNotice error={error ?? quota.error} testId="quota-error" />
    </section>
  );
}
