/**
 * Finding and ordering the SQL migrations under `migrations/<dialect>/`, and the loop that applies
 * the pending ones through an adapter's {@linkcode MigrationTarget}.
 *
 * The directory is found relative to this module, so it also works inside a `deno compile` binary
 * built with `--include migrations`.
 *
 * @module
 */

import { CarrierError } from "../errors.ts";

/** Which folder of `migrations/` an adapter reads. */
export type Dialect = "sqlite" | "postgres";

/** One migration file, `NNNN_name.sql`. */
export interface Migration {
  /** The number in the file name (1 for `0001_users.sql`). */
  version: number;
  /** The file name without `.sql`, e.g. `0001_users`. */
  name: string;
  /** The file's SQL, possibly several statements. */
  sql: string;
}

/** What an adapter provides so {@linkcode applyMigrations} can bring its schema up to date. */
export interface MigrationTarget {
  /** Creates `schema_migrations` when it is missing. */
  createLedger(): Promise<void>;
  /** The versions `schema_migrations` records as applied. */
  appliedVersions(): Promise<Set<number>>;
  /**
   * In one transaction, under a lock other processes also take: re-checks that `migration` is
   * still pending, runs it and records it in `schema_migrations`.
   *
   * @returns false when another process applied it first
   */
  apply(migration: Migration): Promise<boolean>;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Reads `migrations/<dialect>/*.sql` in version order.
 *
 * @param dialect which folder to read
 * @param options.directory read this folder instead (tests)
 * @throws {CarrierError} `MIGRATION_FAILED` when the folder is unreadable, a `.sql` file is
 *   misnamed, or versions repeat or leave a gap
 * @example
 * ```ts
 * const migrations = await listMigrations("sqlite");
 * migrations[0]?.name; // "0001_users"
 * ```
 */
export async function listMigrations(
  dialect: Dialect,
  options: { directory?: URL } = {},
): Promise<Migration[]> {
  const directory = options.directory ??
    new URL(`../../migrations/${dialect}/`, import.meta.url);
  const migrations: Migration[] = [];
  try {
    for await (const entry of Deno.readDir(directory)) {
      if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
      const match = MIGRATION_FILE.exec(entry.name);
      if (match === null) {
        throw new CarrierError(
          "MIGRATION_FAILED",
          `Cannot read migrations in ${directory.pathname}: "${entry.name}" is not named NNNN_name.sql`,
        );
      }
      migrations.push({
        version: Number(match[1]),
        name: entry.name.slice(0, -".sql".length),
        sql: await Deno.readTextFile(new URL(entry.name, directory)),
      });
    }
  } catch (error) {
    if (error instanceof CarrierError) throw error;
    throw new CarrierError(
      "MIGRATION_FAILED",
      `Cannot read migrations in ${directory.pathname}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return orderMigrations(migrations, directory);
}

function orderMigrations(migrations: Migration[], directory: URL): Migration[] {
  migrations.sort((a, b) => a.version - b.version || a.name.localeCompare(b.name));
  for (const [index, migration] of migrations.entries()) {
    const expected = index + 1;
    if (migration.version === expected) continue;
    const reason = migration.version < expected
      ? `"${migration.name}" repeats version ${migration.version}`
      : `version ${expected} is missing before "${migration.name}"`;
    throw new CarrierError(
      "MIGRATION_FAILED",
      `Cannot read migrations in ${directory.pathname}: ${reason}`,
    );
  }
  return migrations;
}

/**
 * Applies the migrations of `dialect` that `target` has not recorded, each in its own transaction.
 *
 * @returns the names of the migrations applied now, empty when the schema was up to date
 * @throws {CarrierError} `MIGRATION_FAILED` when the database records a migration this build
 *   does not know (it was migrated by a newer Carrier), or a migration fails
 */
export async function applyMigrations(
  dialect: Dialect,
  target: MigrationTarget,
): Promise<string[]> {
  const migrations = await listMigrations(dialect);
  await target.createLedger();
  const applied = await target.appliedVersions();
  const newest = Math.max(0, ...applied);
  if (newest > migrations.length) {
    throw new CarrierError(
      "MIGRATION_FAILED",
      `Cannot migrate: the database is at migration ${newest} but this Carrier knows only ${migrations.length}; upgrade Carrier`,
    );
  }
  const appliedNow: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    if (await target.apply(migration)) appliedNow.push(migration.name);
  }
  return appliedNow;
}
