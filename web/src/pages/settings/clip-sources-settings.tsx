import { useEffect } from 'react';
import { api, unwrap } from '../../api/client.js';
import { useApi } from '../../app/use-api.js';
import { useRole } from '../../app/use-role.js';
import { roleAtLeast } from '../../../../src/core/roles.js';
import { RoleNotice } from '../../components/role-notice.js';
import { ClipSourceStatuses } from './clip-source-statuses.js';
import { DiscordClipForm } from './discord-clip-form.js';

/** How often the statuses are read again while the settings are open. */
const REFRESH_MS = 5000;

/**
 * Where the profile's clips come from: the status of each source (the Twitch polls of its connected
 * Twitch streams, its Discord bot), read again every few seconds, and the Discord bot's settings.
 */
export function ClipSourcesSettings({ profile }: { profile: string }) {
  const role = useRole(profile);
  const canEdit = role ? roleAtLeast(role, 'editor') : false;
  const statuses = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/clip-sources', { params: { path: { profile } }, signal })),
  );
  const { reload } = statuses;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <section className="panel" aria-labelledby="clip-sources-heading" data-testid="clip-sources-settings">
      <h2 id="clip-sources-heading">Clip sources</h2>
      <p className="muted small">
        Twitch clips are read for each connected Twitch stream when the server has Twitch credentials; clips
        shared in Discord are read by the profile&apos;s bot. Your own tools can push clips too (POST
        /api/profiles/{profile}/clips).
      </p>
      {statuses.error && <p className="error">{statuses.error}</p>}
      {statuses.data && <ClipSourceStatuses sources={statuses.data.sources} />}
      {role !== undefined && !canEdit && <RoleNotice needed="editor" />}
      <DiscordClipForm profile={profile} canEdit={canEdit} onSaved={reload} />
    </section>
  );
}
