import type { ObsLink, paths } from '../../api/openapi.gen.js';

/** The link's settings as the API answers them (whether a password is set, never which). */
export type ObsLinkSettings = ObsLink['settings'];

/** OBS's stream health over one minute, as `GET …/obs/health` lists it. */
export type ObsHealthMinute =
  paths['/api/profiles/{profile}/obs/health']['get']['responses'][200]['content']['application/json']['minutes'][number];
