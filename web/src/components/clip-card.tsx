import type { ReactNode } from 'react';
import { ClipThumbnail } from './clip-thumbnail.js';

/** A clip as a card: its thumbnail and title linking out to the clip (a new tab), then `children`. */
export function ClipCard({
  clip,
  testId,
  children,
}: {
  clip: { url: string; title: string; thumbnail_url: string | null };
  testId: string;
  children: ReactNode;
}) {
  return (
    <li className="clip-card" data-testid={testId}>
      <a href={clip.url} target="_blank" rel="noopener noreferrer">
        <ClipThumbnail url={clip.thumbnail_url} />
        <span className="clip-card-text">
          <strong>{clip.title.trim() || 'Untitled clip'}</strong>
        </span>
      </a>
      <div className="clip-card-text muted small">{children}</div>
    </li>
  );
}
