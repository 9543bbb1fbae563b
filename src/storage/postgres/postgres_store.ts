/**
 * The `Store` on PostgreSQL through postgres.js: a pool of connections, every tagged-template
 * query a named prepared statement cached per connection, `sql.begin()` for transactions.
 *
 * Rows come back with the `User` field names (the SELECT aliases them) and types postgres.js
 * already maps to what `User` wants (int4 and int2 → number, boolean, timestamptz → Date), so a
 * row is returned as is.
 *
 * @module
 */

import postgres from "postgres";
import { CarrierError } from "../../errors.ts";
import { describeDatabaseUrl } from "../database_url.ts";
import { applyMigrations, type Migration, type MigrationTarget } from "../migrate.ts";
import {
  type CharsetChoice,
  handleKey,
  NEW_USER_LEVEL,
  type NewUser,
  type Store,
  SYSOP_LEVEL,
  type User,
  type UserPage,
} from "../store.ts";
import { handleTakenError, storeClosedError, userNotFoundError } from "../store_errors.ts";
import { resolveUserPage } from "../user_page.ts";
import { describeEndpoint, isUniqueViolation, wrapPostgresError } from "./postgres_errors.ts";

/** Pool size when `poolSize` is not given. */
export const DEFAULT_POOL_SIZE = 10;

// pg_advisory_xact_lock keys, database-wide: "CAR" then a number per purpose.
/** Serialises migrations, so two daemons starting at once never both apply one. */
const MIGRATION_LOCK = 0x43415201;
/** Serialises creating the first account, so two daemons never both make a sysop. */
const FIRST_USER_LOCK = 0x43415202;

/** Aliased to the `User` field names. */
const USER_COLUMNS =
  `id, handle, password_hash AS "passwordHash", real_name AS "realName", location,
  security_level AS "securityLevel", is_sysop AS "isSysop", calls, created_at AS "createdAt",
  last_login_at AS "lastLoginAt", charset`;

/** Options for {@linkcode openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Connections in the pool (default {@linkcode DEFAULT_POOL_SIZE}). */
  poolSize?: number;
}

/**
 * Connects a pool to the PostgreSQL database at `url` and checks that it answers. Does not
 * migrate: call `store.migrate()`. Query parameters of `url` that postgres.js does not know
 * (e.g. `search_path`) are sent to the server as startup parameters.
 *
 * @throws {CarrierError} `STORE_UNAVAILABLE` when the server cannot be reached or refuses us,
 *   with host, port and database (never the password) in the message
 * @throws {RangeError} when `poolSize` is not a positive integer
 * @example
 * ```ts
 * const store = await openPostgresStore("postgres://carrier@127.0.0.1:5432/bbs", { poolSize: 4 });
 * await store.migrate();
 * ```
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const { poolSize = DEFAULT_POOL_SIZE } = options;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new RangeError(
      `Cannot open the store: poolSize must be a positive integer, got ${poolSize}`,
    );
  }
  const location = describeDatabaseUrl(url);
  let sql: postgres.Sql;
  try {
    sql = postgres(url, {
      max: poolSize,
      // CREATE … IF NOT EXISTS and friends send notices; nobody reads them.
      onnotice: () => {},
      // No array columns are used, so skip the type query each new connection would run first.
      fetch_types: false,
      connection: { application_name: "carrier" },
    });
  } catch (error) {
    // No `cause`, and the URL redacted: a URL parse error quotes the URL, password and all.
    const reason = String(error instanceof Error ? error.message : error).replaceAll(url, location);
    throw new CarrierError("CONFIG_INVALID", `Cannot open the store ${location}: ${reason}`);
  }
  const endpoint = describeEndpoint(sql.options);
  try {
    await sql`SELECT 1`;
  } catch (error) {
    await sql.end({ timeout: 0 });
    throw wrapPostgresError(error, "open the store", endpoint, "STORE_UNAVAILABLE");
  }
  return new PostgresStore(sql, location, endpoint);
}

/** The PostgreSQL `Store`. */
export class PostgresStore implements Store {
  /** Always `"postgres"`. */
  readonly kind = "postgres";
  /** The database URL with its password redacted. */
  readonly location: string;
  #sql: postgres.Sql;
  #endpoint: string;
  /** The column list as a fragment postgres.js inlines into each statement's text. */
  #columns: postgres.PendingQuery<postgres.Row[]>;
  #closed = false;

  /** Use {@linkcode openPostgresStore}, which checks the connection first. */
  constructor(sql: postgres.Sql, location: string, endpoint: string) {
    this.#sql = sql;
    this.location = location;
    this.#endpoint = endpoint;
    this.#columns = sql.unsafe(USER_COLUMNS);
  }

  migrate(): Promise<string[]> {
    return applyMigrations("postgres", this.#migrationTarget());
  }

  async createUser(input: NewUser): Promise<User> {
    const columns = this.#columns;
    try {
      return await this.#db().begin(async (tx) => {
        // The first account ever is the sysop. Only while the table looks empty is the lock
        // worth taking; under it, re-check (READ COMMITTED: the next statement sees commits
        // made while we waited).
        let first = !(await anyUser(tx));
        if (first) {
          await tx`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK})`;
          first = !(await anyUser(tx));
        }
        const [user] = await tx<User[]>`
          INSERT INTO users
            (handle, handle_key, password_hash, real_name, location, security_level, is_sysop,
             created_at)
          VALUES (${input.handle}, ${handleKey(input.handle)}, ${input.passwordHash},
            ${input.realName ?? ""}, ${input.location ?? ""},
            ${first ? SYSOP_LEVEL : input.securityLevel ?? NEW_USER_LEVEL},
            ${first || input.isSysop === true}, ${new Date()})
          RETURNING ${columns}`;
        return user!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw handleTakenError(input.handle, error);
      throw this.#wrap(error, `create user "${input.handle}"`);
    }
  }

  async userByHandle(handle: string): Promise<User | undefined> {
    try {
      const [user] = await this.#db()<User[]>`
        SELECT ${this.#columns} FROM users WHERE handle_key = ${handleKey(handle)}`;
      return user;
    } catch (error) {
      throw this.#wrap(error, `look up user "${handle}"`);
    }
  }

  async userById(id: number): Promise<User | undefined> {
    try {
      const [user] = await this.#db()<User[]>`SELECT ${this.#columns} FROM users WHERE id = ${id}`;
      return user;
    } catch (error) {
      throw this.#wrap(error, `look up user ${id}`);
    }
  }

  async listUsers(page?: UserPage): Promise<User[]> {
    const { afterId, limit } = resolveUserPage(page);
    try {
      const users = await this.#db()<User[]>`
        SELECT ${this.#columns} FROM users WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`;
      // A plain array rather than postgres.js's RowList, so callers see the same type as SQLite's.
      return Array.from(users);
    } catch (error) {
      throw this.#wrap(error, "list users");
    }
  }

  async countUsers(): Promise<number> {
    try {
      const [row] = await this.#db()<{ n: number }[]>`SELECT count(*)::integer AS n FROM users`;
      return row!.n;
    } catch (error) {
      throw this.#wrap(error, "count users");
    }
  }

  async setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    const action = `set the password of user ${userId}`;
    let updated: number;
    try {
      ({ count: updated } = await this.#db()`
        UPDATE users SET password_hash = ${passwordHash} WHERE id = ${userId}`);
    } catch (error) {
      throw this.#wrap(error, action);
    }
    if (updated === 0) throw userNotFoundError(action, userId);
  }

  async setCharset(userId: number, charset: CharsetChoice | null): Promise<void> {
    const action = `set the character set of user ${userId}`;
    let updated: number;
    try {
      ({ count: updated } = await this.#db()`
        UPDATE users SET charset = ${charset} WHERE id = ${userId}`);
    } catch (error) {
      throw this.#wrap(error, action);
    }
    if (updated === 0) throw userNotFoundError(action, userId);
  }

  async recordLogin(userId: number, at: Date): Promise<User> {
    const action = `record a login for user ${userId}`;
    let user: User | undefined;
    try {
      [user] = await this.#db()<User[]>`
        UPDATE users SET calls = calls + 1, last_login_at = ${at} WHERE id = ${userId}
        RETURNING ${this.#columns}`;
    } catch (error) {
      throw this.#wrap(error, action);
    }
    if (user === undefined) throw userNotFoundError(action, userId);
    return user;
  }

  async deleteUser(handle: string): Promise<boolean> {
    try {
      const { count } = await this.#db()`
        DELETE FROM users WHERE handle_key = ${handleKey(handle)}`;
      return count > 0;
    } catch (error) {
      throw this.#wrap(error, `delete user "${handle}"`);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sql.end({ timeout: 5 });
  }

  #db(): postgres.Sql {
    if (this.#closed) throw storeClosedError(this.location);
    return this.#sql;
  }

  #wrap(error: unknown, action: string, fallback?: "MIGRATION_FAILED"): CarrierError {
    return wrapPostgresError(error, action, this.#endpoint, fallback);
  }

  #migrationTarget(): MigrationTarget {
    const withLock = async <T>(
      action: string,
      body: (tx: postgres.TransactionSql) => Promise<T>,
    ) => {
      try {
        return await this.#db().begin(async (tx) => {
          await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
          return body(tx);
        }) as T;
      } catch (error) {
        throw this.#wrap(error, action, "MIGRATION_FAILED");
      }
    };
    return {
      // Under the lock too: concurrent CREATE TABLE IF NOT EXISTS can still collide in pg_type.
      createLedger: () =>
        withLock("create schema_migrations", async (tx) => {
          await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL
          )`;
        }),
      appliedVersions: async () => {
        try {
          const rows = await this.#db()<{ version: number }[]>`
            SELECT version FROM schema_migrations`;
          return new Set(rows.map((row) => row.version));
        } catch (error) {
          throw this.#wrap(error, "read schema_migrations", "MIGRATION_FAILED");
        }
      },
      apply: (migration: Migration) =>
        withLock(`apply migration ${migration.name}`, async (tx) => {
          // Another daemon may have applied it while we waited for the lock.
          const [done] = await tx`
            SELECT 1 FROM schema_migrations WHERE version = ${migration.version}`;
          if (done !== undefined) return false;
          // Several statements, so the simple query protocol (unsafe() without parameters).
          await tx.unsafe(migration.sql);
          await tx`
            INSERT INTO schema_migrations (version, name, applied_at)
            VALUES (${migration.version}, ${migration.name}, now())`;
          return true;
        }),
    };
  }
}

async function anyUser(tx: postgres.TransactionSql): Promise<boolean> {
  const [row] = await tx<{ found: boolean }[]>`SELECT EXISTS (SELECT 1 FROM users) AS found`;
  return row!.found;
}
