import type { ClipSourceStatusView } from '../../core/clip-source-status.js';

/**
 * Something that runs clip sources for profiles (the Discord bots, the Twitch clip poller) and
 * reports how each of a profile's sources is doing. The API lists what every provider reports.
 */
export interface ClipSourceStatuses {
  /** The statuses of the profile's sources run by this provider (none: an empty list). */
  statuses(profile: string): ClipSourceStatusView[];
}
