/**
 * Parsing the database URL Carrier is given (`sqlite:PATH` or `postgres://…`), and printing it
 * without its password.
 *
 * @module
 */

import { CarrierError } from "../errors.ts";

/** Which backend a database URL names, and what to hand its adapter. */
export type DatabaseTarget =
  | { kind: "sqlite"; path: string }
  | { kind: "postgres"; url: string };

const ACCEPTED_FORMS =
  "sqlite:PATH (e.g. sqlite:data/carrier.db) or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE";

/**
 * Decides which backend `url` names.
 *
 * @throws {CarrierError} `CONFIG_INVALID` when `url` is neither form
 * @example
 * ```ts
 * parseDatabaseUrl("sqlite:data/carrier.db"); // { kind: "sqlite", path: "data/carrier.db" }
 * ```
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length);
    if (path !== "") return { kind: "sqlite", path };
  } else if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    if (URL.canParse(url)) return { kind: "postgres", url };
  }
  throw new CarrierError(
    "CONFIG_INVALID",
    `Cannot open the store "${
      describeDatabaseUrl(url)
    }": the database URL must be ${ACCEPTED_FORMS}`,
  );
}

/**
 * `url` safe to print or log: a password, in the user part or a `password` query parameter,
 * becomes `***`; a URL that does not parse is not echoed at all.
 *
 * @example
 * ```ts
 * describeDatabaseUrl("postgres://carrier:hunter2@db:5432/bbs"); // "postgres://carrier:***@db:5432/bbs"
 * ```
 */
export function describeDatabaseUrl(url: string): string {
  if (url.startsWith("sqlite:")) return url;
  if (!URL.canParse(url)) return "(a database URL that does not parse)";
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***");
  return parsed.href;
}
