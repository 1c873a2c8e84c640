import { useEffect } from 'react';

const EVENT = 'streampulse:profiles-changed';

/** Tells every part of the page that lists profiles (the header's picker) to read them again. */
export function notifyProfilesChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

/** Calls `onChange` whenever a profile was created or deleted in this page. */
export function useProfilesChanged(onChange: () => void): void {
  useEffect(() => {
    window.addEventListener(EVENT, onChange);
    return () => window.removeEventListener(EVENT, onChange);
  }, [onChange]);
}
