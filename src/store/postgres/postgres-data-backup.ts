import { AppError } from '../../core/errors.js';
import type { BackupManifest, DataBackup, RestoreOutcome } from '../data-backup.port.js';

/** Why StreamPulse does not copy a PostgreSQL database itself, and what to use instead. */
const USE_PG_TOOLS =
  "StreamPulse stores its data in PostgreSQL here: back it up and restore it with PostgreSQL's own tools. " +
  'Back up with `pg_dump --format=custom --file=streampulse.dump <database url>` (consistent while the server runs); ' +
  'restore into an empty database with `pg_restore --dbname=<database url> streampulse.dump`, servers stopped, ' +
  'then start them (migrations run on start). For point-in-time recovery use continuous archiving ' +
  '(pg_basebackup and WAL archiving).';

/** Backups on PostgreSQL: refused with BACKUP_NOT_SUPPORTED, pointing at pg_dump and pg_restore. */
export class PostgresDataBackup implements DataBackup {
  backup(): Promise<{ dir: string; manifest: BackupManifest }> {
    return Promise.reject(new AppError('BACKUP_NOT_SUPPORTED', USE_PG_TOOLS));
  }

  restore(): Promise<RestoreOutcome> {
    return Promise.reject(new AppError('BACKUP_NOT_SUPPORTED', USE_PG_TOOLS));
  }
}
