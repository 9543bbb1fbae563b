/**
 * One `node:sqlite` connection with its statement cache, query counter and the helpers every
 * part of the SQLite store runs statements through, so users and the message base share one
 * connection, one transaction discipline and one way of wrapping errors.
 *
 * @module
 */

import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from "node:sqlite";
import type { ErrorCode } from "../../errors.ts";
import { storeClosedError } from "../store_errors.ts";
import { wrapSqliteError } from "./sqlite_errors.ts";
import type { ArrayStatementSync, StatementCache } from "./statement_cache.ts";

const BEGIN = "BEGIN IMMEDIATE";
const COMMIT = "COMMIT";
const ROLLBACK = "ROLLBACK";

/** The connection a `SqliteStore` and its message base share. */
export class SqliteConnection {
  /** The absolute path of the database file, or `:memory:`. */
  readonly location: string;
  #db: DatabaseSync;
  #statements: StatementCache;
  #queries = 0;
  #closed = false;

  constructor(db: DatabaseSync, statements: StatementCache, location: string) {
    this.#db = db;
    this.#statements = statements;
    this.location = location;
  }

  /** Statements run so far (each `statement`/`arrays` call is one run). */
  get queries(): number {
    return this.#queries;
  }

  /** How many distinct statements have been prepared. */
  get preparedStatements(): number {
    return this.#statements.size;
  }

  /** The raw connection, for `exec` of a migration file. */
  get db(): DatabaseSync {
    if (this.#closed) throw storeClosedError(this.location);
    return this.#db;
  }

  /** The cached statement for `sql`, counted as one query: call it once per run. */
  statement(sql: string): StatementSync {
    if (this.#closed) throw storeClosedError(this.location);
    this.#queries++;
    return this.#statements.get(sql);
  }

  /** Like `statement`, with rows as arrays in column order. */
  arrays(sql: string): ArrayStatementSync {
    if (this.#closed) throw storeClosedError(this.location);
    this.#queries++;
    return this.#statements.arrays(sql);
  }

  /** A cached statement that is not counted as a query (pragmas such as `data_version`). */
  uncounted(sql: string): ArrayStatementSync {
    if (this.#closed) throw storeClosedError(this.location);
    return this.#statements.arrays(sql);
  }

  /** Runs `sql` and returns its first row as an object. */
  get(sql: string, ...params: SQLInputValue[]): Record<string, SQLOutputValue> | undefined {
    return this.statement(sql).get(...params);
  }

  /** Runs `body` between BEGIN IMMEDIATE and COMMIT, rolling back when it throws. */
  transaction<T>(body: () => T): T {
    this.statement(BEGIN).run();
    try {
      const result = body();
      this.statement(COMMIT).run();
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.statement(ROLLBACK).run();
      throw error;
    }
  }

  /**
   * Runs the synchronous `body` and settles with its result; a driver error becomes a
   * `CarrierError` whose message starts "Cannot <action>". `action` is only called on failure.
   * RangeErrors (misuse) pass through as they are.
   */
  attempt<T>(action: () => string, body: () => T, fallback?: ErrorCode): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(
        error instanceof RangeError ? error : wrapSqliteError(error, action(), fallback),
      );
    }
  }

  /** Closes the connection; later calls fail with STORE_UNAVAILABLE. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
