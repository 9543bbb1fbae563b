/**
 * Turns `node:sqlite` errors into `CarrierError`s at the adapter's edge.
 *
 * @module
 */

import { CarrierError, type ErrorCode } from "../../errors.ts";

/** The extra fields `node:sqlite` puts on the errors it throws. */
interface SqliteDriverError extends Error {
  code: "ERR_SQLITE_ERROR";
  /** The SQLite extended result code (https://sqlite.org/rescode.html). */
  errcode: number;
}

// Result codes from https://sqlite.org/rescode.html; the low byte is the primary code.
const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
/** Primary codes that mean the file itself cannot be used, not that one statement failed. */
const UNAVAILABLE_CODES = new Set([
  3, // SQLITE_PERM
  8, // SQLITE_READONLY
  10, // SQLITE_IOERR
  11, // SQLITE_CORRUPT
  13, // SQLITE_FULL
  14, // SQLITE_CANTOPEN
  26, // SQLITE_NOTADB
]);

function isSqliteDriverError(error: unknown): error is SqliteDriverError {
  return error instanceof Error &&
    (error as Partial<SqliteDriverError>).code === "ERR_SQLITE_ERROR";
}

/** True when `error` is SQLite refusing a row that would repeat a UNIQUE index key. */
export function isUniqueViolation(error: unknown): boolean {
  return isSqliteDriverError(error) && error.errcode === SQLITE_CONSTRAINT_UNIQUE;
}

/** True when `error` is SQLite refusing a row that names a missing parent row. */
export function isForeignKeyViolation(error: unknown): boolean {
  return isSqliteDriverError(error) && error.errcode === SQLITE_CONSTRAINT_FOREIGNKEY;
}

/**
 * Wraps a driver error as a `CarrierError` whose message starts with `Cannot <action>`.
 * A `CarrierError` passes through unchanged.
 *
 * @param fallback the code for errors that say nothing about the database as a whole
 */
export function wrapSqliteError(
  error: unknown,
  action: string,
  fallback: ErrorCode = "STORE_FAILED",
): CarrierError {
  if (error instanceof CarrierError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  let code = fallback;
  if (isSqliteDriverError(error)) {
    const primary = error.errcode & 0xff;
    if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED) code = "STORE_CONFLICT";
    else if (UNAVAILABLE_CODES.has(primary)) code = "STORE_UNAVAILABLE";
  }
  return new CarrierError(code, `Cannot ${action}: ${reason}`, { cause: error });
}
