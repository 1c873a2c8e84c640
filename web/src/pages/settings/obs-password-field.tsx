import type { SecretChange } from './webhook-fields.js';

/**
 * obs-websocket's password, write-only: the field says whether one is set and offers to change or
 * remove it; what is typed is sent once and never shown again (the server never answers it).
 */
export function ObsPasswordField(props: {
  isSet: boolean;
  change: SecretChange;
  onChange: (change: SecretChange) => void;
}) {
  const { isSet, change, onChange } = props;
  const keep = (label: string) => (
    <button type="button" onClick={() => onChange({ kind: 'keep' })}>
      {label}
    </button>
  );
  if (isSet && change.kind === 'keep') {
    return (
      <p className="small" data-testid="obs-password-state">
        A password is set.{' '}
        <button type="button" onClick={() => onChange({ kind: 'set', value: '' })}>
          Change password
        </button>{' '}
        <button type="button" onClick={() => onChange({ kind: 'clear' })}>
          Remove password
        </button>
      </p>
    );
  }
  if (change.kind === 'clear') {
    return (
      <p className="small" data-testid="obs-password-state">
        The password is removed when you save (for an OBS with authentication turned off).{' '}
        {keep('Keep password')}
      </p>
    );
  }
  return (
    <>
      <label>
        Password (in OBS: Show Connect Info; none when authentication is off)
        <input
          type="password"
          autoComplete="new-password"
          data-testid="obs-password"
          value={change.kind === 'set' ? change.value : ''}
          placeholder={isSet ? 'the new password' : 'none set'}
          onChange={(e) => onChange({ kind: 'set', value: e.target.value })}
        />
      </label>
      {isSet && keep('Keep current password')}
    </>
  );
}
