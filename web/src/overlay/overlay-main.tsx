import { StrictMode, useCallback, useEffect, useState, type CSSProperties } from 'react';
import { createRoot } from 'react-dom/client';
import { setAuthToken } from '../api/client.js';
import { fetchDefaultProfile } from '../app/use-profile.js';
import { CountersOverlay } from './counters-overlay.js';
import { EventsOverlay } from './events-overlay.js';
import { GoalOverlay } from './goal-overlay.js';
import { LeaderboardOverlay } from './leaderboard-overlay.js';
import { LinkRefusal, LinkRefusedNotice, NO_PROFILE_CODE, refusalMessage } from './link-refusal.js';
import { readOverlayOptions, type OverlayOptions } from './overlay-options.js';
import './overlay.css';

/**
 * The overlay of the profile in the link (else the server's default), until the server turns the
 * link away: then a notice saying why, and nothing is asked again.
 */
function Overlay({ options }: { options: OverlayOptions }) {
  const [refusal, setRefusal] = useState<{ code?: string } | null>(null);
  const refuse = useCallback((code?: string) => setRefusal({ code }), []);
  const [profile, setProfile] = useState(options.profile);
  useEffect(() => {
    if (profile) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let isCurrent = true;
    const ask = (): void =>
      void fetchDefaultProfile().then(
        (p) => {
          if (!isCurrent) return;
          if (p) setProfile(p);
          else refuse(NO_PROFILE_CODE);
        },
        () => {
          if (isCurrent) retry = setTimeout(ask, 2000);
        },
      );
    ask();
    return () => {
      isCurrent = false;
      clearTimeout(retry);
    };
  }, [profile, refuse]);
  if (refusal) return <LinkRefusedNotice message={refusalMessage(refusal.code, options.profile)} />;
  if (!profile) return null;
  return (
    <LinkRefusal value={refuse}>
      <OverlayOfKind options={options} profile={profile} />
    </LinkRefusal>
  );
}

function OverlayOfKind({ options, profile }: { options: OverlayOptions; profile: string }) {
  switch (options.kind) {
    case 'counters':
      return <CountersOverlay options={options} profile={profile} />;
    case 'goal':
      return <GoalOverlay options={options} profile={profile} />;
    case 'leaderboard':
      return <LeaderboardOverlay options={options} profile={profile} />;
    case 'events':
      return <EventsOverlay options={options} profile={profile} />;
    case null:
      return <div className="ov-box">Unknown overlay: use counters, goal, leaderboard or events.</div>;
  }
}

const options = readOverlayOptions(window.location);
setAuthToken(options.token);
const style = {
  '--ov-accent': options.color,
  '--ov-text': options.text,
  '--ov-box': options.box,
  '--ov-font': `${options.fontSize}px`,
} as CSSProperties;
document.body.classList.add(`theme-${options.theme}`);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <div className="ov-root" style={style}>
      <Overlay options={options} />
    </div>
  </StrictMode>,
);
