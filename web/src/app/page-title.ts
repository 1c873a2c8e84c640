import { useEffect } from 'react';

/** Names the page in the browser's tab and history: "Sessions · StreamPulse". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · StreamPulse`;
  }, [title]);
}
