/**
 * Opening the store a database URL names, loading only the adapter it needs.
 *
 * @module
 */

import { parseDatabaseUrl } from "./database_url.ts";
import type { ReadCacheOptions } from "./read_cache.ts";
import type { Store } from "./store.ts";

/** Options for {@linkcode openStore}. */
export interface StoreOptions {
  /** PostgreSQL pool size (default 10). SQLite always uses one connection. */
  poolSize?: number;
  /**
   * Message and mail bodies longer than this many UTF-8 bytes are stored LZ4-compressed
   * (default 512; `Infinity` never compresses). Reading is the same either way.
   */
  compressAbove?: number;
  /**
   * Bounds of the read cache of area lists and listing pages (default 4096 entries, 16 MiB);
   * `{ maxEntries: 0 }` turns it off.
   */
  readCache?: ReadCacheOptions;
}

/**
 * Opens the store at `url`: `sqlite:PATH` (relative to the working directory, or absolute;
 * the parent directory is created) or `postgres://…` / `postgresql://…`. Does not migrate:
 * call `store.migrate()` before using it.
 *
 * Each adapter is loaded with `import()` of a fixed specifier, so `deno compile` still embeds
 * both and postgres.js is only loaded when a PostgreSQL URL is used.
 *
 * @throws {CarrierError} `CONFIG_INVALID` when `url` is neither form; `STORE_UNAVAILABLE` when
 *   the database cannot be opened or reached
 * @throws {RangeError} when an option is out of range
 * @example
 * ```ts
 * const store = await openStore("sqlite:data/carrier.db");
 * await store.migrate();
 * const sysop = await store.userByHandle("sysop");
 * await store.close();
 * ```
 */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  if (target.kind === "sqlite") {
    const { openSqliteStore } = await import("./sqlite/sqlite_store.ts");
    return openSqliteStore(target.path, options);
  }
  const { openPostgresStore } = await import("./postgres/postgres_store.ts");
  return await openPostgresStore(target.url, options);
}
