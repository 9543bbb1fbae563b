/**
 * Turns postgres.js errors (`PostgresError` from the server, socket and pool errors from the
 * client) into `CarrierError`s at the adapter's edge.
 *
 * @module
 */

import postgres from "postgres";
import { CarrierError, type ErrorCode } from "../../errors.ts";

// SQLSTATE codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";
const CONFLICT_STATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "55P03", // lock_not_available
]);
/** Classes and codes that mean the server cannot serve us at all. */
const UNAVAILABLE_CLASSES = new Set(["08", "28", "53"]); // connection, auth, resources
const UNAVAILABLE_STATES = new Set([
  "3D000", // invalid_catalog_name: the database does not exist
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
]);

/** Client-side codes postgres.js and node:net put on errors when there is no usable connection. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "timed out",
  EPIPE: "connection closed",
  CONNECT_TIMEOUT: "no answer within connect_timeout",
  CONNECTION_CLOSED: "connection closed",
  CONNECTION_ENDED: "connection ended",
  CONNECTION_DESTROYED: "connection destroyed",
};

/**
 * Where a pool connects, safe to print: `host:port, database "name"` (never the password).
 */
export function describeEndpoint(options: postgres.ParsedOptions): string {
  const hosts = options.host.map((host, i) => `${host}:${options.port[i] ?? options.port[0]}`);
  return `${hosts.join(",")}, database "${options.database}"`;
}

/** True when `error` is the server refusing a row that would repeat a UNIQUE index key. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof postgres.PostgresError && error.code === UNIQUE_VIOLATION;
}

/** True when `error` is the server refusing a row that names a missing parent row. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof postgres.PostgresError && error.code === FOREIGN_KEY_VIOLATION;
}

/**
 * Wraps a postgres.js error as a `CarrierError` whose message starts with `Cannot <action>`.
 * A `CarrierError` passes through unchanged. Errors meaning "no usable connection" become
 * `STORE_UNAVAILABLE` and name `endpoint`.
 *
 * @param endpoint from {@linkcode describeEndpoint}
 * @param fallback the code for errors that say nothing about the connection
 */
export function wrapPostgresError(
  error: unknown,
  action: string,
  endpoint: string,
  fallback: ErrorCode = "STORE_FAILED",
): CarrierError {
  if (error instanceof CarrierError) return error;
  if (error instanceof postgres.PostgresError) {
    const state = error.code;
    const reason = `${error.message} (SQLSTATE ${state})`;
    if (UNAVAILABLE_CLASSES.has(state.slice(0, 2)) || UNAVAILABLE_STATES.has(state)) {
      return unavailable(action, endpoint, reason, error);
    }
    const code = CONFLICT_STATES.has(state) ? "STORE_CONFLICT" : fallback;
    return new CarrierError(code, `Cannot ${action}: ${reason}`, { cause: error });
  }
  const clientCode = (error as { code?: unknown } | null)?.code;
  if (typeof clientCode === "string" && clientCode in NETWORK_REASONS) {
    return unavailable(action, endpoint, `${NETWORK_REASONS[clientCode]} (${clientCode})`, error);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new CarrierError(fallback, `Cannot ${action}: ${reason}`, { cause: error });
}

function unavailable(action: string, endpoint: string, reason: string, cause: unknown) {
  return new CarrierError(
    "STORE_UNAVAILABLE",
    `Cannot ${action} (PostgreSQL at ${endpoint}): ${reason}`,
    { cause },
  );
}
