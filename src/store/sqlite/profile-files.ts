/**
 * A profile's files on the embedded engine, named after its log file (`<profile>.db`): its
 * aggregates (ADR 0007) and its aggregates snapshot (retention, ADR 0025) beside it. The engine,
 * the aggregates thread and backups all name them here.
 */
export function aggregatesFileOf(logFile: string): string {
  return logFile.replace(/\.db$/, '.aggregates.db');
}

export function snapshotFileOf(logFile: string): string {
  return logFile.replace(/\.db$/, '.snapshot.db');
}
