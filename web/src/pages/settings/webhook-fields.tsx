import type { TriggerSettings, TriggerSettingsUpdateInput } from '../../api/openapi.gen.js';

/** What saving does with the webhook secret: keep the stored one, set a new one, or clear it. */
export type SecretChange = { kind: 'keep' } | { kind: 'set'; value: string } | { kind: 'clear' };

type WebhookView = NonNullable<TriggerSettings['webhook']>;

/**
 * The webhook of a settings update: the URL, and the secret only when it changes (the server
 * keeps the stored secret when none is sent; an empty new secret changes nothing).
 */
export function webhookUpdate(
  webhook: WebhookView | null | undefined,
  secret: SecretChange,
): TriggerSettingsUpdateInput['webhook'] {
  if (!webhook) return null;
  if (secret.kind === 'clear') return { url: webhook.url, secret: null };
  if (secret.kind === 'set' && secret.value !== '') return { url: webhook.url, secret: secret.value };
  return { url: webhook.url };
}

/**
 * The webhook URL and its secret. The secret is never shown, nor sent back by the server: the
 * form says whether one is set, and offers to replace or clear it.
 */
export function WebhookFields({
  webhook,
  secret,
  onUrl,
  onSecret,
}: {
  webhook: WebhookView | null | undefined;
  secret: SecretChange;
  onUrl: (url: string) => void;
  onSecret: (change: SecretChange) => void;
}) {
  const isSecretSet = webhook?.secret_set ?? false;
  const keep = (label: string) => (
    <button type="button" onClick={() => onSecret({ kind: 'keep' })}>
      {label}
    </button>
  );
  return (
    <>
      <label>
        Webhook URL
        <input type="url" size={40} value={webhook?.url ?? ''} onChange={(e) => onUrl(e.target.value)} />
      </label>
      {isSecretSet && secret.kind === 'keep' ? (
        <span className="small" data-testid="webhook-secret-state">
          A secret is set.{' '}
          <button type="button" onClick={() => onSecret({ kind: 'set', value: '' })}>
            Replace secret
          </button>{' '}
          <button type="button" onClick={() => onSecret({ kind: 'clear' })}>
            Clear secret
          </button>
        </span>
      ) : secret.kind === 'clear' ? (
        <span className="small" data-testid="webhook-secret-state">
          The secret is removed when you save: POSTs go unsigned. {keep('Keep secret')}
        </span>
      ) : (
        <>
          <label>
            Secret (signs each POST)
            <input
              type="password"
              autoComplete="new-password"
              value={secret.kind === 'set' ? secret.value : ''}
              disabled={!webhook}
              onChange={(e) => onSecret({ kind: 'set', value: e.target.value })}
            />
          </label>
          {isSecretSet && keep('Keep current secret')}
        </>
      )}
    </>
  );
}
