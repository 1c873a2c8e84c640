import { createHash } from 'node:crypto';
import { isSlug } from '../../core/slug.js';
import { quoteLiteral } from './postgres-migrations.js';
import { inTransaction, quoteIdent, type PgClient, type PgPool } from './postgres-pool.js';

/** PostgreSQL truncates identifiers longer than this many bytes. */
const MAX_IDENTIFIER = 63;
/** Advisory lock namespace (first key) of "appending to a profile"; the second is the schema's hash. */
const APPEND_LOCK = 0x5370_0002;
/**
 * Advisory lock namespace of "reading or writing a profile's aggregates snapshot". Taken after the
 * append lock when a transaction holds both, never before it.
 */
const SNAPSHOT_LOCK = 0x5370_0003;

/**
 * The schema of a profile: `p_<slug>`, or for slugs too long for an identifier a prefix of it
 * plus a hash of the whole slug (never a truncation two profiles could share). Throws on a
 * profile id that is not a slug.
 */
export function profileSchemaName(profile: string): string {
  return schemaName('p_', profile);
}

/**
 * The schema of a profile's aggregates snapshot (retention): `s_<slug>`, hashed like the
 * profile's. Its prefix keeps it apart from every profile schema.
 */
export function snapshotSchemaName(profile: string): string {
  return schemaName('s_', profile);
}

function schemaName(prefix: string, profile: string): string {
  if (!isSlug(profile))
    throw new Error(`refusing a profile id that is not a slug: ${JSON.stringify(profile)}`);
  const name = `${prefix}${profile}`;
  if (name.length <= MAX_IDENTIFIER) return name;
  const hash = createHash('sha256').update(profile).digest('hex').slice(0, 12);
  return `${name.slice(0, MAX_IDENTIFIER - hash.length - 1)}_${hash}`;
}

/**
 * The only way the PostgreSQL store reaches a profile's tables: every transaction begins with
 * `SET LOCAL search_path TO <the profile's schema>`, so unqualified SQL names this profile's
 * tables and nothing else (no other profile's, nor the system schema's). Queries carry no profile
 * filter to forget. See docs/adr/0005-postgres-profile-isolation.md. The profile's aggregates
 * snapshot (retention) has a schema of its own, reached the same way from inside a profile
 * transaction (`inSnapshot`).
 */
export class ProfileSchema {
  readonly name: string;
  /** The schema of the profile's aggregates snapshot (see PostgresAggregateSnapshot). */
  readonly snapshotName: string;
  private readonly scope: string;
  private readonly lock: string;
  private readonly snapshotLock: string;

  constructor(
    private readonly pool: PgPool,
    readonly profile: string,
  ) {
    this.name = profileSchemaName(profile);
    this.scope = `SET LOCAL search_path TO ${quoteIdent(this.name)}`;
    this.lock = `SELECT pg_advisory_xact_lock(${APPEND_LOCK}, hashtext(${quoteLiteral(this.name)}))`;
    this.snapshotName = snapshotSchemaName(profile);
    this.snapshotLock = `SELECT pg_advisory_xact_lock(${SNAPSHOT_LOCK}, hashtext(${quoteLiteral(this.name)}))`;
  }

  /** A read-only transaction over one snapshot of this profile. */
  read<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${this.scope}`, fn);
  }

  /**
   * A write transaction holding the profile's append lock until it ends: one writer per profile
   * across every server instance, each seeing what the previous one committed.
   */
  write<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, `BEGIN; ${this.scope}; ${this.lock}`, fn);
  }

  /**
   * A write transaction holding the profile's snapshot lock but not its append lock: the snapshot
   * advances while appends go on (they never touch it).
   */
  writeSnapshot<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, `BEGIN; ${this.scope}; ${this.snapshotLock}`, fn);
  }

  /** Takes the snapshot lock inside a `write` (after its append lock), until the transaction ends. */
  async lockSnapshot(client: PgClient): Promise<void> {
    await client.query(this.snapshotLock);
  }

  /**
   * Runs `fn` with unqualified names resolving in the snapshot schema alone, then the profile's
   * again. A failure leaves the transaction on the snapshot's path: it must end with the failure.
   */
  async inSnapshot<T>(client: PgClient, fn: () => Promise<T>): Promise<T> {
    await client.query(`SET LOCAL search_path TO ${quoteIdent(this.snapshotName)}`);
    const result = await fn();
    await client.query(this.scope);
    return result;
  }

  /** One read query's rows. */
  async rows<R extends object>(text: string, values: unknown[] = []): Promise<R[]> {
    return this.read(async (client) => (await client.query<R>(text, values)).rows);
  }
}
