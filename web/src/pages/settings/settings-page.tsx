import { usePageTitle } from '../../app/page-title.js';
import { OverlayBuilder } from './overlay-builder.js';
import { ProfilesSettings } from './profiles-settings.js';
import { StreamsSettings } from './streams-settings.js';
import { TimeZoneSettings, TriggerSettingsForm } from './zone-and-triggers.js';

/** Profiles, streams, time zone, triggers and the overlay builder. */
export default function SettingsPage({ profile }: { profile: string; link: (path: string) => string }) {
  usePageTitle('Settings');
  return (
    <div>
      <h1>Settings</h1>
      <ProfilesSettings profile={profile} />
      <StreamsSettings profile={profile} />
      <TimeZoneSettings profile={profile} />
      <TriggerSettingsForm profile={profile} />
      <OverlayBuilder profile={profile} />
    </div>
  );
}
