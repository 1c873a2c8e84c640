import { useEffect } from 'react';
import { roleAtLeast } from '../../../../src/core/roles.js';
import { api, unwrap } from '../../api/client.js';
import { useApi } from '../../app/use-api.js';
import { useRole } from '../../app/use-role.js';
import { RoleNotice } from '../../components/role-notice.js';
import { ObsLinkState } from '../obs/obs-link-state.js';
import { ObsReplayButton } from './obs-replay-button.js';
import { ObsSettingsForm } from './obs-settings-form.js';

/** How often the link's status is read again while the settings are open. */
const REFRESH_MS = 5000;
/** ... and while it is connecting, which takes a moment. */
const CONNECTING_REFRESH_MS = 1000;

/**
 * The profile's link to OBS Studio: how it is doing (read again every few seconds), OBS's outputs,
 * a replay saved on demand while connected, and the link's settings. Editors change them; the
 * others see them read-only.
 */
export function ObsSettings({ profile }: { profile: string }) {
  const role = useRole(profile);
  const canEdit = role ? roleAtLeast(role, 'editor') : false;
  const link = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/obs', { params: { path: { profile } }, signal })),
  );
  const { reload } = link;
  const status = link.data?.status;
  const isConnecting = status?.state === 'connecting';
  useEffect(() => {
    const timer = setInterval(reload, isConnecting ? CONNECTING_REFRESH_MS : REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload, isConnecting]);
  return (
    <section className="panel" id="obs" aria-labelledby="obs-heading" data-testid="obs-settings">
      <h2 id="obs-heading">OBS</h2>
      <p className="muted small">
        StreamPulse links to OBS Studio 28 or newer through obs-websocket, which comes with OBS. In OBS, open
        Tools › WebSocket Server Settings, tick Enable WebSocket Server, and copy what Show Connect Info
        shows: the address is ws://, the machine OBS runs on and the server port (ws://127.0.0.1:4455 on this
        machine); the password is the server password. While linked, StreamPulse reads OBS&apos;s stream
        health, lists the recordings, replays and screenshots OBS writes, and follows OBS&apos;s recording
        status.
      </p>
      {link.error && <p className="error">{link.error}</p>}
      {status && link.data && <ObsLinkState status={status} address={link.data.settings.address} />}
      {canEdit && status?.state === 'connected' && (
        <ObsReplayButton profile={profile} isBufferRunning={status.replay_buffer} />
      )}
      {role !== undefined && !canEdit && <RoleNotice needed="editor" />}
      <ObsSettingsForm profile={profile} canEdit={canEdit} onSaved={reload} />
    </section>
  );
}
