/**
 * What the parts of the SQLite message base share: the connection, the read cache with its
 * cross-process check, and the compression threshold.
 *
 * Read cache: `listAreas` and `listMessages` pages. This process's writes invalidate what they
 * change; other processes' commits (a second daemon, `carrier messages import`) show up as a
 * new `PRAGMA data_version`, read before every cached read (≈ 1 µs, no table touched), and
 * empty the whole cache. The signal says only that something changed, so with two busy daemons
 * on one SQLite file each one's pointer updates empty the other's cache; PostgreSQL's
 * LISTEN/NOTIFY names the area.
 *
 * @module
 */

import type { SQLOutputValue } from "node:sqlite";
import type { ReadCache } from "../read_cache.ts";
import type { SqliteConnection } from "./sqlite_connection.ts";

/** Options of the message base. */
export interface SqliteMessageOptions {
  /** Compress bodies longer than this many UTF-8 bytes. */
  compressAbove: number;
  cache: ReadCache;
}

/** Shared state of `SqliteAreas`, `SqliteMessages` and `SqliteMail`. */
export class SqliteMessageContext {
  /** The store's one connection. */
  readonly conn: SqliteConnection;
  readonly cache: ReadCache;
  /** Compress bodies longer than this many UTF-8 bytes. */
  readonly compressAbove: number;
  /** The last `PRAGMA data_version` seen; another connection's commit changes it. */
  #dataVersion: SQLOutputValue | undefined;
  #versionChecks = 0;

  constructor(conn: SqliteConnection, options: SqliteMessageOptions) {
    this.conn = conn;
    this.cache = options.cache;
    this.compressAbove = options.compressAbove;
  }

  /** `PRAGMA data_version` reads so far. */
  get versionChecks(): number {
    return this.#versionChecks;
  }

  /**
   * The cached value for `key`, or `load()`'s, kept for next time under `scope` (an area id or
   * `ALL_AREAS`). First empties the cache when another connection committed since the last
   * look; `node:sqlite` is synchronous, so nothing commits here between that look and the fill.
   */
  cachedRead<T>(
    key: string,
    scope: number,
    load: () => { value: T; bytes: number },
    options: { keepOnAppend?: boolean } = {},
  ): T {
    if (this.cache.configured) {
      this.#versionChecks++;
      const version = this.conn.uncounted("PRAGMA data_version").get()![0];
      if (version !== this.#dataVersion) {
        if (this.#dataVersion !== undefined) this.cache.clear();
        this.#dataVersion = version;
      }
    }
    const hit = this.cache.get<T>(key);
    if (hit !== undefined) return hit;
    const generation = this.cache.generation;
    const { value, bytes } = load();
    this.cache.set(key, value, { scope, bytes, generation, ...options });
    return value;
  }
}
