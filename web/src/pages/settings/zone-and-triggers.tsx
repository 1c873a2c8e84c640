import { useEffect, useState } from 'react';
import { api, errorMessage, isAbort, unwrap } from '../../api/client.js';
import type { TriggerSettings } from '../../api/openapi.gen.js';
import { DEFAULT_SPIKE_OPTIONS, type SpikeDetectorOptions } from '../../../../src/core/spike-detector.js';
import { WebhookFields, webhookUpdate, type SecretChange } from './webhook-fields.js';

/** The profile's time zone (day, week and month boundaries of leaderboards and goals). */
export function TimeZoneSettings({ profile }: { profile: string }) {
  const [zone, setZone] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    unwrap(
      api.GET('/api/profiles/{profile}/settings/timezone', {
        params: { path: { profile } },
        signal: abort.signal,
      }),
    ).then(
      (r) => setZone(r.timezone),
      (err: unknown) => {
        if (!isAbort(err)) setMessage(errorMessage(err));
      },
    );
    return () => abort.abort();
  }, [profile]);
  const save = (): void => {
    unwrap(
      api.PUT('/api/profiles/{profile}/settings/timezone', {
        params: { path: { profile } },
        body: { timezone: zone },
      }),
    ).then(
      (r) => setMessage(`Saved: ${r.timezone}`),
      (err: unknown) => setMessage(errorMessage(err)),
    );
  };
  return (
    <section className="panel">
      <h2>Time zone</h2>
      <div className="form-row">
        <input
          aria-label="Time zone"
          value={zone}
          onChange={(e) => setZone(e.target.value)}
          placeholder="Europe/Berlin"
          list="zones"
        />
        <datalist id="zones">
          {Intl.supportedValuesOf('timeZone').map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <button onClick={save}>Save</button>
        <button onClick={() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone)}>
          Use this browser's
        </button>
        <span className="muted small" role="status">
          {message}
        </span>
      </div>
    </section>
  );
}

const SIGNALS = [
  ['viewers', 'Viewers'],
  ['chat_velocity', 'Chat velocity'],
  ['gift_value', 'Gift value'],
] as const;
type Signal = (typeof SIGNALS)[number][0];
type SignalSettings = NonNullable<TriggerSettings[Signal]>;
const FIELDS: { key: keyof SignalSettings & keyof SpikeDetectorOptions; label: string; step: number }[] = [
  { key: 'threshold', label: 'Threshold (MADs)', step: 0.5 },
  { key: 'minAbsoluteChange', label: 'Min change', step: 1 },
  { key: 'minRelativeChange', label: 'Min relative change', step: 0.05 },
  { key: 'cooldownMs', label: 'Cooldown (ms)', step: 1000 },
];

/** Spike thresholds per signal and the trigger webhook. */
export function TriggerSettingsForm({ profile }: { profile: string }) {
  const [settings, setSettings] = useState<TriggerSettings | null>(null);
  const [secret, setSecret] = useState<SecretChange>({ kind: 'keep' });
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    unwrap(
      api.GET('/api/profiles/{profile}/settings/triggers', {
        params: { path: { profile } },
        signal: abort.signal,
      }),
    ).then(
      (loaded) => {
        setSettings(loaded);
        // A secret typed for another profile is not carried over.
        setSecret({ kind: 'keep' });
      },
      (err: unknown) => {
        if (!isAbort(err)) setMessage(errorMessage(err));
      },
    );
    return () => abort.abort();
  }, [profile]);
  if (!settings) return <section className="panel">{message ?? 'Loading triggers…'}</section>;
  const setSignal = (signal: Signal, patch: Partial<SignalSettings>): void =>
    setSettings({ ...settings, [signal]: { ...settings[signal], ...patch } });
  const save = (): void => {
    const body = { ...settings, webhook: webhookUpdate(settings.webhook, secret) };
    unwrap(
      api.PUT('/api/profiles/{profile}/settings/triggers', { params: { path: { profile } }, body }),
    ).then(
      (saved) => {
        setSettings(saved);
        setSecret({ kind: 'keep' });
        setMessage('Saved.');
      },
      (err: unknown) => setMessage(errorMessage(err)),
    );
  };
  return (
    <section className="panel">
      <h2>Spike triggers</h2>
      <p className="muted small">
        An empty field uses the default, shown in grey; saving keeps it a default, so it follows the server's
        defaults.
      </p>
      {SIGNALS.map(([signal, label]) => (
        <div className="form-row" key={signal}>
          <label>
            {label}
            <span>
              <input
                type="checkbox"
                checked={settings[signal]?.enabled ?? true}
                onChange={(e) => setSignal(signal, { enabled: e.target.checked })}
              />{' '}
              on
            </span>
          </label>
          {FIELDS.map((f) => (
            <label key={f.key}>
              {f.label}
              <input
                type="number"
                step={f.step}
                value={settings[signal]?.[f.key] ?? ''}
                placeholder={String(DEFAULT_SPIKE_OPTIONS[signal][f.key])}
                title={`Default: ${DEFAULT_SPIKE_OPTIONS[signal][f.key]}`}
                onChange={(e) =>
                  setSignal(signal, { [f.key]: e.target.value === '' ? undefined : Number(e.target.value) })
                }
              />
            </label>
          ))}
        </div>
      ))}
      <div className="form-row">
        <WebhookFields
          webhook={settings.webhook}
          secret={secret}
          onUrl={(url) =>
            setSettings({
              ...settings,
              webhook: url ? { url, secret_set: settings.webhook?.secret_set ?? false } : null,
            })
          }
          onSecret={setSecret}
        />
        <button onClick={save}>Save triggers</button>
        <span className="muted small" role="status">
          {message}
        </span>
      </div>
    </section>
  );
}
