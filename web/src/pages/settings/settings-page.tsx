import { usePageTitle } from '../../app/page-title.js';
import { roleIn, useLogin } from '../../app/use-login.js';
import { ClipSourcesSettings } from './clip-sources-settings.js';
import { MembersSettings } from './members-settings.js';
import { ObsSettings } from './obs-settings.js';
import { OverlayBuilder } from './overlay-builder.js';
import { ProfilesSettings } from './profiles-settings.js';
import { RetentionSettings } from './retention-settings.js';
import { StreamsSettings } from './streams-settings.js';
import { TimeZoneSettings, TriggerSettingsForm } from './zone-and-triggers.js';

/**
 * Profiles, streams, members (for owners), time zone, triggers, clip sources, the OBS link, data
 * retention and the overlay builder.
 */
export default function SettingsPage({ profile }: { profile: string; link: (path: string) => string }) {
  usePageTitle('Settings');
  const login = useLogin();
  return (
    <div>
      <h1>Settings</h1>
      <ProfilesSettings profile={profile} />
      <StreamsSettings profile={profile} />
      {roleIn(login.data, profile) === 'owner' && <MembersSettings profile={profile} />}
      <TimeZoneSettings profile={profile} />
      <TriggerSettingsForm profile={profile} />
      <ClipSourcesSettings profile={profile} />
      <ObsSettings profile={profile} />
      <RetentionSettings profile={profile} />
      <OverlayBuilder profile={profile} />
    </div>
  );
}
