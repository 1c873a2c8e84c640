import { useEffect, useRef, useState } from 'react';
import type { IssuedKey } from './api-key-types.js';

/**
 * A key just created, shown this once with a copy button: the server keeps only its hash. It takes
 * the focus, so that keyboard and screen reader users land on it.
 */
export function NewKeyNotice({ issued, onDone }: { issued: IssuedKey; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [issued.id]);
  const copy = (): void => {
    // The clipboard is offered to secure pages only (https, or this machine's own address).
    if (!window.isSecureContext) {
      field.current?.select();
      setCopied('This page cannot copy by itself: the key is selected, copy it with Ctrl+C (⌘C).');
      return;
    }
    navigator.clipboard.writeText(issued.key).then(
      () => setCopied('Copied.'),
      () => {
        field.current?.select();
        setCopied('Copying failed: the key is selected, copy it with Ctrl+C (⌘C).');
      },
    );
  };
  return (
    <section className="panel notice" data-testid="new-key" aria-labelledby={`new-key-${issued.id}`}>
      <h2 id={`new-key-${issued.id}`}>The key “{issued.name}”</h2>
      <p>
        <strong>Copy it now: you will not see it again.</strong> StreamPulse keeps only a hash of it; if it is
        lost, revoke it and create another.
      </p>
      <div className="form-row">
        <label>
          Key
          <input
            ref={field}
            className="code key"
            readOnly
            value={issued.key}
            size={issued.key.length}
            data-testid="new-key-value"
          />
        </label>
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="muted small">
        {copied}
      </p>
    </section>
  );
}
