import { useEffect, useState, type FormEvent } from 'react';
import { api, isAbort, unwrap } from '../../api/client.js';
import type { DiscordClipSettings, DiscordClipSettingsUpdate } from '../../api/openapi.gen.js';
import { ErrorNotice } from '../../components/error-notice.js';
import type { SecretChange } from './webhook-fields.js';

/** The channel ids typed, one per line (commas and spaces separate them too). */
const parseChannelIds = (text: string): string[] => text.split(/[\s,]+/).filter((id) => id !== '');

/** The update to send: the channels, and the token only when it changes (left out, the server keeps it). */
function settingsUpdate(channels: string, token: SecretChange): DiscordClipSettingsUpdate {
  const channel_ids = parseChannelIds(channels);
  if (token.kind === 'clear') return { token: null, channel_ids };
  if (token.kind === 'set' && token.value !== '') return { token: token.value, channel_ids };
  return { channel_ids };
}

/**
 * The profile's Discord clip bot: its token, write-only (the form says whether one is set and
 * offers to replace or clear it), and the channels it watches. `onSaved` follows a save (the bot
 * restarts with the new settings).
 */
export function DiscordClipForm(props: { profile: string; canEdit: boolean; onSaved: () => void }) {
  const { profile, canEdit, onSaved } = props;
  const [stored, setStored] = useState<DiscordClipSettings | null>(null);
  const [channels, setChannels] = useState('');
  const [token, setToken] = useState<SecretChange>({ kind: 'keep' });
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const show = (settings: DiscordClipSettings): void => {
    setStored(settings);
    setChannels(settings.channel_ids.join('\n'));
    setToken({ kind: 'keep' });
  };
  useEffect(() => {
    const abort = new AbortController();
    unwrap(
      api.GET('/api/profiles/{profile}/clip-sources/discord', {
        params: { path: { profile } },
        signal: abort.signal,
      }),
    ).then(show, (err: unknown) => {
      if (!isAbort(err)) setError(err);
    });
    return () => abort.abort();
  }, [profile]);
  const save = (e: FormEvent): void => {
    e.preventDefault();
    setSaving(true);
    setMessage(null);
    unwrap(
      api.PUT('/api/profiles/{profile}/clip-sources/discord', {
        params: { path: { profile } },
        body: settingsUpdate(channels, token),
      }),
    )
      .then(
        (saved) => {
          show(saved);
          setError(null);
          setMessage('Saved: the bot restarts with these settings.');
          onSaved();
        },
        (err: unknown) => setError(err),
      )
      .finally(() => setSaving(false));
  };
  const isTokenSet = stored?.token_set ?? false;
  const keep = (label: string) => (
    <button type="button" onClick={() => setToken({ kind: 'keep' })}>
      {label}
    </button>
  );
  return (
    <form className="stacked" onSubmit={save} data-testid="discord-clip-form">
      <fieldset disabled={!canEdit || stored === null || isSaving}>
        <legend>Discord bot</legend>
        <p className="muted small">
          The bot reads clip links (Twitch, YouTube, TikTok) posted in the channels below and counts their
          reactions. Its application needs the Message Content intent (Discord developer portal) and the View
          Channel and Read Message History permissions in those channels.
        </p>
        {isTokenSet && token.kind === 'keep' ? (
          <p className="small" data-testid="discord-token-state">
            A bot token is set.{' '}
            <button type="button" onClick={() => setToken({ kind: 'set', value: '' })}>
              Replace token
            </button>{' '}
            <button type="button" onClick={() => setToken({ kind: 'clear' })}>
              Clear token
            </button>
          </p>
        ) : token.kind === 'clear' ? (
          <p className="small" data-testid="discord-token-state">
            The token is removed when you save: the bot stops. {keep('Keep token')}
          </p>
        ) : (
          <>
            <label>
              Bot token
              <input
                type="password"
                autoComplete="new-password"
                data-testid="discord-token"
                value={token.kind === 'set' ? token.value : ''}
                placeholder={isTokenSet ? 'the new token' : 'none set'}
                onChange={(e) => setToken({ kind: 'set', value: e.target.value })}
              />
            </label>
            {isTokenSet && keep('Keep current token')}
          </>
        )}
        <label>
          Channel ids, one per line (none: every channel of the servers the bot is in)
          <textarea
            rows={3}
            data-testid="discord-channels"
            value={channels}
            placeholder="290926798999357250"
            onChange={(e) => setChannels(e.target.value)}
          />
        </label>
        <div className="actions">
          <button type="submit">Save Discord bot</button>
          <span className="muted small" role="status" data-testid="discord-saved">
            {message}
          </span>
        </div>
      </fieldset>
      <ErrorNotice error={error} testId="discord-error" />
    </form>
  );
}
