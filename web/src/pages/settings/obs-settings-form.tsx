import { useEffect, useState, type FormEvent } from 'react';
import { api, isAbort, unwrap } from '../../api/client.js';
import type { ObsSettingsUpdateInput } from '../../api/openapi.gen.js';
import { useApi } from '../../app/use-api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import type { ObsLinkSettings } from '../obs/obs-types.js';
import { ObsAlertFields } from './obs-alert-fields.js';
import { ObsPasswordField } from './obs-password-field.js';
import { obsDraftOf, obsSettingsUpdate, type ObsDraft } from './obs-settings-draft.js';
import { ObsStreamsField } from './obs-streams-field.js';
import type { SecretChange } from './webhook-fields.js';

/** obs-websocket's address when OBS runs on the same machine and its port was left as it came. */
const DEFAULT_ADDRESS_HINT = 'ws://127.0.0.1:4455';

/**
 * The profile's OBS link: obs-websocket's address and password (write-only), the streams OBS
 * feeds, how often its health is read, when a health alert fires and whether a spike saves a
 * replay. Saving restarts the link; removing it stops the link and forgets its settings.
 * `onSaved` follows either.
 */
export function ObsSettingsForm(props: { profile: string; canEdit: boolean; onSaved: () => void }) {
  const { profile, canEdit, onSaved } = props;
  const [stored, setStored] = useState<ObsLinkSettings | null>(null);
  const [draft, setDraft] = useState<ObsDraft | null>(null);
  const [password, setPassword] = useState<SecretChange>({ kind: 'keep' });
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const streams = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/streams', { params: { path: { profile } }, signal })),
  );
  const show = (settings: ObsLinkSettings): void => {
    setStored(settings);
    setDraft(obsDraftOf(settings));
    setPassword({ kind: 'keep' });
  };
  useEffect(() => {
    const abort = new AbortController();
    unwrap(
      api.GET('/api/profiles/{profile}/obs', { params: { path: { profile } }, signal: abort.signal }),
    ).then(
      (link) => show(link.settings),
      (err: unknown) => {
        if (!isAbort(err)) setError(err);
      },
    );
    return () => abort.abort();
  }, [profile]);

  const put = (update: ObsSettingsUpdateInput, done: string): void => {
    setSaving(true);
    setMessage(null);
    unwrap(api.PUT('/api/profiles/{profile}/obs', { params: { path: { profile } }, body: update }))
      .then(
        (link) => {
          show(link.settings);
          setError(null);
          setMessage(done);
          onSaved();
        },
        (err: unknown) => setError(err),
      )
      .finally(() => setSaving(false));
  };
  const save = (e: FormEvent): void => {
    e.preventDefault();
    if (draft)
      put(obsSettingsUpdate(draft, password), 'Saved: the link to OBS starts again with these settings.');
  };
  const remove = (): void => {
    if (!stored || !window.confirm('Remove the OBS link? Its address, password and settings are forgotten.'))
      return;
    // The stored values with no address: the server forgets them all.
    const update = { ...obsSettingsUpdate(obsDraftOf(stored), { kind: 'keep' }), address: null };
    put(update, 'Removed: StreamPulse no longer connects to OBS.');
  };
  const edit = (patch: Partial<ObsDraft>): void => setDraft((d) => (d ? { ...d, ...patch } : d));
  return (
    // The server's refusals (ranges, the address) show below, not as the browser's bubbles.
    <form className="stacked" onSubmit={save} noValidate data-testid="obs-settings-form">
      <fieldset disabled={!canEdit || draft === null || isSaving}>
        <legend>Link</legend>
        <label>
          obs-websocket address
          <input
            type="text"
            inputMode="url"
            spellCheck={false}
            data-testid="obs-address"
            value={draft?.address ?? ''}
            placeholder={DEFAULT_ADDRESS_HINT}
            onChange={(e) => edit({ address: e.target.value })}
          />
        </label>
        <ObsPasswordField isSet={stored?.password_set ?? false} change={password} onChange={setPassword} />
        <label>
          Seconds between two readings of OBS&apos;s health (2 to 60)
          <input
            type="number"
            min={2}
            max={60}
            step={1}
            value={draft?.interval ?? ''}
            onChange={(e) => edit({ interval: e.target.value })}
          />
        </label>
        <ObsStreamsField
          streams={streams.data?.streams ?? null}
          chosen={draft?.streams ?? []}
          onChange={(chosen) => edit({ streams: chosen })}
        />
        <ObsAlertFields shown={draft} edit={edit} />
        <ErrorNotice error={error} testId="obs-settings-error" />
        {canEdit && (
          <div className="actions">
            <button type="submit">Save OBS link</button>
            {stored?.address != null && (
              <button type="button" className="danger" onClick={remove}>
                Remove OBS link
              </button>
            )}
            <span className="muted small" role="status" data-testid="obs-settings-saved">
              {message}
            </span>
          </div>
        )}
      </fieldset>
    </form>
  );
}
