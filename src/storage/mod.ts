/**
 * Everything Carrier persists, behind one `Store` interface with a SQLite and a PostgreSQL
 * adapter. Features take a `Store` and never see a driver type or error: adapters throw
 * `CarrierError` (`HANDLE_TAKEN`, `USER_NOT_FOUND`, `STORE_UNAVAILABLE`, `STORE_FAILED`,
 * `MIGRATION_FAILED`, …).
 *
 * Handles are unique in any letter case (Unicode-aware, see `handleKey`), and the first
 * account ever created becomes the sysop.
 *
 * @example
 * ```ts
 * import { openStore } from "./src/storage/mod.ts";
 *
 * const store = await openStore("sqlite:data/carrier.db"); // or "postgres://carrier@db/bbs"
 * await store.migrate();
 * const sysop = await store.createUser({ handle: "Sysop", passwordHash });
 * await store.close();
 * ```
 *
 * @module
 */

export { openStore, type StoreOptions } from "./open_store.ts";
export { describeDatabaseUrl } from "./database_url.ts";
export {
  type CharsetChoice,
  handleKey,
  NEW_USER_LEVEL,
  type NewUser,
  type Store,
  type StoreKind,
  SYSOP_LEVEL,
  type User,
  type UserPage,
} from "./store.ts";
