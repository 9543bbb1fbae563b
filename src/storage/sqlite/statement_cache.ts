/**
 * Prepared statements of one SQLite connection, keyed by SQL text, so each statement is compiled
 * once per connection (a cached point select costs ≈ 12 µs here, ≈ 39 µs when prepared each time).
 *
 * @module
 */

import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from "node:sqlite";

/** A row as an array in column order. */
export type ArrayRow = SQLOutputValue[];

/**
 * A statement after `setReturnArrays(true)`, which node:sqlite has at run time but its type
 * declarations in Deno 2.9.6 lack.
 */
export interface ArrayStatementSync {
  get(...params: SQLInputValue[]): ArrayRow | undefined;
  all(...params: SQLInputValue[]): ArrayRow[];
  run(...params: SQLInputValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
}

/**
 * Prepares each SQL text once and hands back the same `StatementSync` afterwards.
 *
 * @example
 * ```ts
 * import { DatabaseSync } from "node:sqlite";
 * const statements = new StatementCache(new DatabaseSync(":memory:"));
 * statements.get("SELECT 1 AS one").get(); // { one: 1 }
 * statements.arrays("SELECT 1 AS one").get(); // [1]
 * statements.size; // 2
 * ```
 */
export class StatementCache {
  #db: DatabaseSync;
  #statements = new Map<string, StatementSync>();
  #arrayStatements = new Map<string, ArrayStatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** The statement for `sql`, prepared on first use; rows come back as objects. */
  get(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * The statement for `sql` returning rows as arrays in column order, prepared on first use.
   * Half the cost of object rows on a 25-row listing (≈ 80 µs against 148 µs here).
   */
  arrays(sql: string): ArrayStatementSync {
    let statement = this.#arrayStatements.get(sql);
    if (statement === undefined) {
      const prepared = this.#db.prepare(sql) as StatementSync & {
        setReturnArrays(enabled: boolean): void;
      };
      prepared.setReturnArrays(true);
      statement = prepared as unknown as ArrayStatementSync;
      this.#arrayStatements.set(sql, statement);
    }
    return statement;
  }

  /** How many statements have been prepared, which is how many distinct SQL texts were run. */
  get size(): number {
    return this.#statements.size + this.#arrayStatements.size;
  }
}
