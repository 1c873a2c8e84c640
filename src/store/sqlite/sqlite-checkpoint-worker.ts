/**
 * The checkpoint thread: copies the WAL of every open profile's files into them, beside the log
 * and aggregates threads that write and read them (ADR 0019), and keeps the files in shape
 * (statistics, VACUUM on demand).
 */
import type { CheckpointRequest } from './storage-messages.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { serveRequests } from './worker-port.js';

const checkpointer = new WalCheckpointer(undefined, (profile, err) => reportBackground(profile, err));

const { reportBackground } = serveRequests<CheckpointRequest>((request) => {
  switch (request.op) {
    case 'watch':
      checkpointer.watch(request.profile, request.files, request.optimizeEveryMs);
      return null;
    case 'unwatch':
      checkpointer.unwatch(request.profile, request.optimize);
      return null;
    case 'checkpoint':
      return checkpointer.checkpoint(request.profile);
    case 'optimize':
      return checkpointer.optimize(request.profile, request.vacuum);
  }
});
