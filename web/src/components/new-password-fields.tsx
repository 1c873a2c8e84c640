import { useId } from 'react';

// The server's bounds on a password (src/accounts/account.service.ts), said up front; the server
// checks them and its answer says what is wrong.
const PASSWORD_MIN = 12;
const PASSWORD_MAX = 256;

/** The problem with a new password typed twice, checked before anything is sent; null when none. */
export function newPasswordProblem(password: string, again: string): string | null {
  return password === again ? null : 'the two passwords differ';
}

/**
 * A new password and the same again, with the length it must have; the browser is told they are
 * new passwords, so a password manager offers to make and keep one.
 */
export function NewPasswordFields(props: {
  labels: [string, string];
  password: string;
  again: string;
  onPassword: (value: string) => void;
  onAgain: (value: string) => void;
}) {
  const hint = useId();
  return (
    <>
      <div className="field">
        <label>
          {props.labels[0]}
          <input
            type="password"
            required
            name="new-password"
            autoComplete="new-password"
            aria-describedby={hint}
            value={props.password}
            onChange={(e) => props.onPassword(e.target.value)}
          />
        </label>
        <span id={hint} className="muted small">
          {PASSWORD_MIN} to {PASSWORD_MAX} characters.
        </span>
      </div>
      <label>
        {props.labels[1]}
        <input
          type="password"
          required
          name="new-password-again"
          autoComplete="new-password"
          value={props.again}
          onChange={(e) => props.onAgain(e.target.value)}
        />
      </label>
    </>
  );
}
