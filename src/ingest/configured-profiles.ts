import type { Logger } from 'pino';
import type { SerialQueue } from '../core/serial-queue.js';
import type { SystemStore } from '../store/ports.js';

/**
 * Runs `start` for each profile at server start, one after another in `changes` (the queue a
 * service's settings changes run in, so that a profile set up meanwhile is not started twice).
 * A profile that fails is logged as `what` not started; the others go on. Never rejects.
 */
export async function startEachProfile(
  system: Pick<SystemStore, 'listProfiles'>,
  changes: SerialQueue,
  log: Logger,
  what: string,
  start: (profile: string) => Promise<void>,
): Promise<void> {
  let profiles: { id: string }[];
  try {
    profiles = await system.listProfiles();
  } catch (err) {
    log.error({ err }, `${what}s not started`);
    return;
  }
  for (const { id } of profiles) {
    await changes
      .run(() => start(id))
      .catch((err: unknown) => log.error({ err, profile: id }, `${what} not started`));
  }
}
