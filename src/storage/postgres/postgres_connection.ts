/**
 * The postgres.js pool a `PostgresStore` and its message base share, with the query counter and
 * error wrapping both use.
 *
 * @module
 */

import type postgres from "postgres";
import type { CarrierError, ErrorCode } from "../../errors.ts";
import { storeClosedError } from "../store_errors.ts";
import { wrapPostgresError } from "./postgres_errors.ts";

/** The pool, counted. */
export class PostgresConnection {
  /** The database URL with its password redacted. */
  readonly location: string;
  /** `host:port, database "name"` for error messages. */
  readonly endpoint: string;
  #sql: postgres.Sql;
  #queries = 0;
  #closed = false;

  constructor(sql: postgres.Sql, location: string, endpoint: string) {
    this.#sql = sql;
    this.location = location;
    this.endpoint = endpoint;
  }

  /** Statements sent so far. */
  get queries(): number {
    return this.#queries;
  }

  /** The pool for building fragments (`sql.unsafe`, `sql(name)`), not counted. */
  get fragments(): postgres.Sql {
    return this.#sql;
  }

  /** The pool for one statement, counted as one query: call it once per statement. */
  db(): postgres.Sql {
    if (this.#closed) throw storeClosedError(this.location);
    this.#queries++;
    return this.#sql;
  }

  /**
   * Counts statements sent inside `sql.begin()`: the `db()` that started it counts one, so add
   * one for COMMIT and one per statement in the transaction.
   */
  count(statements = 1): void {
    this.#queries += statements;
  }

  /** A driver error as a `CarrierError` whose message starts "Cannot <action>". */
  wrap(error: unknown, action: string, fallback?: ErrorCode): CarrierError {
    return wrapPostgresError(error, action, this.endpoint, fallback);
  }

  /** Ends the pool; later calls fail with STORE_UNAVAILABLE. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sql.end({ timeout: 5 });
  }
}
