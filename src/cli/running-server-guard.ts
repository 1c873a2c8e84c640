import type { Config } from '../config.js';
import { DataDirInUseError, describeOwner, findDataDirOwner, type DataDirOwner } from '../data-dir-owner.js';

/**
 * Refuses a command that writes into the data directory while a live server owns it: the server
 * keeps live stats, sequence numbers and aggregates in memory and would not see the change until
 * restarted. Throws DataDirInUseError naming the server (pid, URL) and what to do instead
 * (`instead`, given the owner). Does nothing for PostgreSQL, which keeps no data directory.
 */
export function refuseIfServerRuns(
  config: Config,
  command: string,
  instead: (owner: DataDirOwner) => string,
): void {
  if (config.database) return;
  const owner = findDataDirOwner(config.dataDir);
  if (!owner) return;
  throw new DataDirInUseError(
    `${describeOwner(owner)} is using the data directory ${config.dataDir}; ` +
      `\`streampulse ${command}\` would write behind its back, and it would not see the change until restarted. ` +
      `Nothing was written. ${instead(owner)}`,
    owner,
  );
}

/** What to do instead when only a stopped server lets the command run. */
export const stopServerFirst = (command: string) => (): string =>
  `Stop the server first, then run \`streampulse ${command}\` again.`;

/** The owner's URL, or a placeholder while it is still starting. */
export function serverUrlOf(owner: DataDirOwner): string {
  return owner.url ?? '<server url>';
}
