/**
 * `npm run bench -- ops`: what operations cost on the embedded engine. Export of the
 * 10-million-event profile (rows/s, the server's RSS growth), a retention run removing half of it
 * while events arrive (events/s, ingest p99 during it), backups (MB/s, idle and under ingest) and
 * the WAL left after a million-event push.
 */
import { runBackupBench } from './ops-backup.js';
import { runExportBench } from './ops-export.js';
import { runRetentionBench } from './ops-retention.js';
import { progress } from './report.js';
import type { GroupOptions } from './run.js';

export async function runOpsGroup(options: GroupOptions): Promise<void> {
  progress('ops: export');
  await runExportBench(options);
  progress('ops: retention');
  await runRetentionBench(options);
  progress('ops: backup and WAL');
  await runBackupBench(options);
}
