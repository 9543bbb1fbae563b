/**
 * The `Store` on one SQLite file through Deno's built-in `node:sqlite`.
 *
 * One connection per store; `node:sqlite` is synchronous, so each method runs to completion
 * without interleaving with other callers in this process, and `BEGIN IMMEDIATE` takes the write
 * lock up front so a check and the write that depends on it are atomic across processes too.
 *
 * @module
 */

import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { dirname, resolve } from "node:path";
import type { ErrorCode } from "../../errors.ts";
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
import { isUniqueViolation, wrapSqliteError } from "./sqlite_errors.ts";
import { StatementCache } from "./statement_cache.ts";

/** Set on every connection. busy_timeout comes first so switching to WAL waits out a lock. */
const PRAGMAS = [
  "PRAGMA busy_timeout = 5000",
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
];

/** Aliased to the `User` field names, so a row needs converting only where types differ. */
const USER_COLUMNS =
  `id, handle, password_hash AS "passwordHash", real_name AS "realName", location,
  security_level AS "securityLevel", is_sysop AS "isSysop", calls, created_at AS "createdAt",
  last_login_at AS "lastLoginAt", charset`;

const SQL = {
  begin: "BEGIN IMMEDIATE",
  commit: "COMMIT",
  rollback: "ROLLBACK",
  createLedger: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`,
  appliedVersions: "SELECT version FROM schema_migrations",
  isApplied: "SELECT 1 AS applied FROM schema_migrations WHERE version = ?",
  recordMigration: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  anyUser: "SELECT EXISTS (SELECT 1 FROM users) AS found",
  insertUser: `INSERT INTO users
    (handle, handle_key, password_hash, real_name, location, security_level, is_sysop, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${USER_COLUMNS}`,
  userByKey: `SELECT ${USER_COLUMNS} FROM users WHERE handle_key = ?`,
  userById: `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`,
  listUsers: `SELECT ${USER_COLUMNS} FROM users WHERE id > ? ORDER BY id LIMIT ?`,
  countUsers: "SELECT count(*) AS n FROM users",
  setPasswordHash: "UPDATE users SET password_hash = ? WHERE id = ?",
  setCharset: "UPDATE users SET charset = ? WHERE id = ?",
  recordLogin:
    `UPDATE users SET calls = calls + 1, last_login_at = ? WHERE id = ? RETURNING ${USER_COLUMNS}`,
  deleteUser: "DELETE FROM users WHERE handle_key = ?",
} as const;

/** A `users` row as SQLite returns it: booleans as 0/1, times as epoch milliseconds. */
type UserRow = Omit<User, "isSysop" | "createdAt" | "lastLoginAt"> & {
  isSysop: number;
  createdAt: number;
  lastLoginAt: number | null;
};

function toUser(row: UserRow): User {
  return {
    id: row.id,
    handle: row.handle,
    passwordHash: row.passwordHash,
    realName: row.realName,
    location: row.location,
    securityLevel: row.securityLevel,
    isSysop: row.isSysop === 1,
    calls: row.calls,
    createdAt: new Date(row.createdAt),
    lastLoginAt: row.lastLoginAt === null ? null : new Date(row.lastLoginAt),
    charset: row.charset,
  };
}

/**
 * Opens (creating if needed) the SQLite database at `path` and sets its pragmas. The parent
 * directory is created when missing. Does not migrate: call `store.migrate()`.
 *
 * @param path a file path, relative to the working directory or absolute, or `:memory:`
 * @throws {CarrierError} `STORE_UNAVAILABLE` when the file cannot be opened
 * @example
 * ```ts
 * const store = openSqliteStore("data/carrier.db");
 * await store.migrate();
 * ```
 */
export function openSqliteStore(path: string): SqliteStore {
  const location = path === ":memory:" ? path : resolve(path);
  let db: DatabaseSync | undefined;
  try {
    if (location !== ":memory:") Deno.mkdirSync(dirname(location), { recursive: true });
    db = new DatabaseSync(location);
    const statements = new StatementCache(db);
    for (const pragma of PRAGMAS) statements.get(pragma).get();
    return new SqliteStore(db, statements, location);
  } catch (error) {
    db?.close();
    throw wrapSqliteError(error, `open the SQLite store at ${location}`, "STORE_UNAVAILABLE");
  }
}

/** The SQLite `Store`, with a few read-only diagnostics beyond the interface. */
export class SqliteStore implements Store {
  /** Always `"sqlite"`. */
  readonly kind = "sqlite";
  /** The absolute path of the database file. */
  readonly location: string;
  #db: DatabaseSync;
  #statements: StatementCache;
  #closed = false;

  /** Use {@linkcode openSqliteStore}, which sets the pragmas first. */
  constructor(db: DatabaseSync, statements: StatementCache, location: string) {
    this.#db = db;
    this.#statements = statements;
    this.location = location;
  }

  /** How many distinct statements this connection has prepared (each exactly once). */
  get cachedStatements(): number {
    return this.#statements.size;
  }

  /** The current value of a pragma on this connection, e.g. `pragma("journal_mode")` → `"wal"`. */
  pragma(
    name: "journal_mode" | "synchronous" | "foreign_keys" | "busy_timeout",
  ): string | number | undefined {
    const row = this.#get(`PRAGMA ${name}`);
    const value = row && Object.values(row)[0];
    return typeof value === "string" || typeof value === "number" ? value : undefined;
  }

  migrate(): Promise<string[]> {
    return applyMigrations("sqlite", this.#migrationTarget());
  }

  createUser(input: NewUser): Promise<User> {
    return this.#attempt(() => `create user "${input.handle}"`, () => {
      try {
        return this.#transaction(() => {
          // The first account ever is the sysop; BEGIN IMMEDIATE holds the write lock from here.
          const first = this.#get(SQL.anyUser)?.found === 0;
          const row = this.#get(
            SQL.insertUser,
            input.handle,
            handleKey(input.handle),
            input.passwordHash,
            input.realName ?? "",
            input.location ?? "",
            first ? SYSOP_LEVEL : input.securityLevel ?? NEW_USER_LEVEL,
            first || input.isSysop === true ? 1 : 0,
            Date.now(),
          );
          return toUser(row as UserRow);
        });
      } catch (error) {
        throw isUniqueViolation(error) ? handleTakenError(input.handle, error) : error;
      }
    });
  }

  userByHandle(handle: string): Promise<User | undefined> {
    return this.#attempt(() => `look up user "${handle}"`, () => {
      const row = this.#get(SQL.userByKey, handleKey(handle));
      return row && toUser(row as UserRow);
    });
  }

  userById(id: number): Promise<User | undefined> {
    return this.#attempt(() => `look up user ${id}`, () => {
      const row = this.#get(SQL.userById, id);
      return row && toUser(row as UserRow);
    });
  }

  listUsers(page?: UserPage): Promise<User[]> {
    return this.#attempt(() => "list users", () => {
      const { afterId, limit } = resolveUserPage(page);
      const rows = this.#statement(SQL.listUsers).all(afterId, limit);
      return rows.map((row) => toUser(row as UserRow));
    });
  }

  countUsers(): Promise<number> {
    return this.#attempt(() => "count users", () => Number(this.#get(SQL.countUsers)?.n));
  }

  setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    const action = () => `set the password of user ${userId}`;
    return this.#attempt(action, () => {
      const { changes } = this.#statement(SQL.setPasswordHash).run(passwordHash, userId);
      if (changes === 0) throw userNotFoundError(action(), userId);
    });
  }

  setCharset(userId: number, charset: CharsetChoice | null): Promise<void> {
    const action = () => `set the character set of user ${userId}`;
    return this.#attempt(action, () => {
      const { changes } = this.#statement(SQL.setCharset).run(charset, userId);
      if (changes === 0) throw userNotFoundError(action(), userId);
    });
  }

  recordLogin(userId: number, at: Date): Promise<User> {
    const action = () => `record a login for user ${userId}`;
    return this.#attempt(action, () => {
      const row = this.#get(SQL.recordLogin, at.getTime(), userId);
      if (row === undefined) throw userNotFoundError(action(), userId);
      return toUser(row as UserRow);
    });
  }

  deleteUser(handle: string): Promise<boolean> {
    return this.#attempt(() => `delete user "${handle}"`, () => {
      const { changes } = this.#statement(SQL.deleteUser).run(handleKey(handle));
      return changes > 0;
    });
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#db.close();
    }
    return Promise.resolve();
  }

  /**
   * Runs the synchronous `body` and settles with its result; a driver error becomes a
   * `CarrierError` whose message starts "Cannot <action>". `action` is only called on failure.
   */
  #attempt<T>(action: () => string, body: () => T, fallback?: ErrorCode): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(
        error instanceof RangeError ? error : wrapSqliteError(error, action(), fallback),
      );
    }
  }

  #statement(sql: string) {
    if (this.#closed) throw storeClosedError(this.location);
    return this.#statements.get(sql);
  }

  #get(sql: string, ...params: SQLInputValue[]) {
    return this.#statement(sql).get(...params);
  }

  /** Runs `body` between BEGIN IMMEDIATE and COMMIT, rolling back when it throws. */
  #transaction<T>(body: () => T): T {
    this.#statement(SQL.begin).run();
    try {
      const result = body();
      this.#statement(SQL.commit).run();
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#statement(SQL.rollback).run();
      throw error;
    }
  }

  #migrationTarget(): MigrationTarget {
    const where = this.location;
    return {
      createLedger: () =>
        this.#attempt(() => `create schema_migrations in ${where}`, () => {
          this.#statement(SQL.createLedger).run();
        }, "MIGRATION_FAILED"),
      appliedVersions: () =>
        this.#attempt(() => `read schema_migrations in ${where}`, () => {
          const rows = this.#statement(SQL.appliedVersions).all();
          return new Set(rows.map((row) => Number(row.version)));
        }, "MIGRATION_FAILED"),
      apply: (migration: Migration) =>
        this.#attempt(
          () => `apply migration ${migration.name} to ${where}`,
          () =>
            this.#transaction(() => {
              // Another process may have applied it since appliedVersions() was read.
              if (this.#get(SQL.isApplied, migration.version) !== undefined) return false;
              // A migration file holds several statements, so it goes through exec() rather than
              // the statement cache; it runs once in the life of a database.
              this.#db.exec(migration.sql);
              this.#statement(SQL.recordMigration).run(
                migration.version,
                migration.name,
                Date.now(),
              );
              return true;
            }),
          "MIGRATION_FAILED",
        ),
    };
  }
}
