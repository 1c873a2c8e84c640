import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database.js';

/** Prepares each statement of a database once and hands the prepared one back after. */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: SqliteDatabase) {}

  get(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}
