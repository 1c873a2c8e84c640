import { useState, type FormEvent } from 'react';
import { DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS } from '../../../../src/core/retention-days.js';
import { roleAtLeast } from '../../../../src/core/roles.js';
import { useRole } from '../../app/use-role.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { RoleNotice } from '../../components/role-notice.js';
import { RetentionRunsTable } from './retention-runs-table.js';
import { useRetention, type RetentionStatus } from './use-retention.js';

/** The form's values, for the profile they were typed for. */
interface Draft {
  profile: string;
  days: string;
  isForever: boolean;
}

const draftOf = (profile: string, days: number | null): Draft => ({
  profile,
  days: String(days ?? DEFAULT_RETENTION_DAYS),
  isForever: days === null,
});

/** The one sentence that says what retention does with the days saved. */
function explain(status: RetentionStatus | null): string {
  const kept = 'Sessions, charts, leaderboards, viewer totals and clips are kept.';
  if (status?.retention_days === null) return `Raw events are kept for good. ${kept}`;
  const days = status?.retention_days ?? DEFAULT_RETENTION_DAYS;
  return `Raw events older than ${days} days are archived to a compressed file, checked, then deleted. ${kept}`;
}

/**
 * How long the profile keeps its raw events, and its retention runs. Owners set the days and
 * start a run; the others see both, read-only (the server refuses them anyway).
 */
export function RetentionSettings({ profile }: { profile: string }) {
  const role = useRole(profile);
  const isOwner = role ? roleAtLeast(role, 'owner') : false;
  const retention = useRetention(profile);
  const { status } = retention;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const shown =
    draft?.profile === profile
      ? draft
      : draftOf(profile, status ? status.retention_days : DEFAULT_RETENTION_DAYS);
  const edit = (patch: Partial<Draft>): void => setDraft({ ...shown, ...patch });
  const save = (e: FormEvent): void => {
    e.preventDefault();
    setSaving(true);
    setMessage(null);
    // An empty field goes as 0: the server's refusal names the field and the range.
    retention
      .save(shown.isForever ? null : Number(shown.days))
      .then(
        (saved) => {
          setDraft(draftOf(profile, saved));
          setError(null);
          setMessage(saved === null ? 'Saved: raw events are kept for good.' : `Saved: ${saved} days.`);
        },
        (err: unknown) => setError(err),
      )
      .finally(() => setSaving(false));
  };
  const days = status?.retention_days;
  const runState = retention.isRunning
    ? 'running…'
    : retention.hasFoundNothing
      ? `Nothing to remove: no raw event is older than ${days} days.`
      : null;
  return (
    <section className="panel" aria-labelledby="retention-heading" data-testid="retention-settings">
      <h2 id="retention-heading">Data retention</h2>
      <p className="muted small" data-testid="retention-explained">
        {explain(status)}
      </p>
      {retention.loadError && <p className="error">{retention.loadError}</p>}
      {role !== undefined && !isOwner && <RoleNotice needed="owner" />}
      {/* The server's refusal (the range of days) is shown below the field, not as the browser's bubble. */}
      <form className="stacked" onSubmit={save} noValidate data-testid="retention-form">
        <fieldset disabled={!isOwner || status === null || isSaving}>
          <legend>Raw events</legend>
          <label>
            Days to keep raw events (1 to {MAX_RETENTION_DAYS})
            <input
              type="number"
              min={1}
              max={MAX_RETENTION_DAYS}
              step={1}
              inputMode="numeric"
              data-testid="retention-days"
              value={shown.days}
              disabled={shown.isForever}
              aria-invalid={error != null}
              onChange={(e) => edit({ days: e.target.value })}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={shown.isForever}
              onChange={(e) => edit({ isForever: e.target.checked })}
            />
            Keep raw events for good
          </label>
          <ErrorNotice error={error} testId="retention-error" />
          {isOwner && (
            <div className="actions">
              <button type="submit">Save retention</button>
              <span className="muted small" role="status" data-testid="retention-saved">
                {message}
              </span>
            </div>
          )}
        </fieldset>
      </form>
      <h3>Runs</h3>
      <div className="actions">
        {isOwner && (
          <button
            type="button"
            onClick={retention.runNow}
            disabled={status === null || days === null || retention.isRunning}
            title={days === null ? 'Raw events are kept for good: nothing to remove.' : undefined}
          >
            Run now
          </button>
        )}
        <span className="muted small" role="status" data-testid="retention-run-state">
          {runState}
        </span>
      </div>
      <ErrorNotice error={retention.runError} testId="retention-run-error" />
      {status && <RetentionRunsTable profile={profile} runs={status.runs} />}
    </section>
  );
}
