/**
 * What the parts of the PostgreSQL message base share: the counted pool, the read cache, the
 * compression threshold, and the NOTIFY side of cross-daemon invalidation.
 *
 * Every write NOTIFYs `<origin>:<scope>` on the schema's channel inside its own statement or
 * transaction, so the notification goes out if and when it commits; every daemon's LISTEN
 * connection (`change_feed.ts`) hands payloads to {@linkcode PostgresMessageContext.onChange},
 * which ignores its own origin (its writes invalidated when they returned). A read served
 * between another daemon's commit and the arrival of its notification (well under a millisecond
 * on one host) sees the state before that commit, as if it had run a moment earlier; a fill
 * whose query started before an invalidation is dropped, never cached stale. While the LISTEN
 * connection is down the cache is off.
 *
 * @module
 */

import type postgres from "postgres";
import type { ReadCache } from "../read_cache.ts";
import {
  AREA_COLUMNS,
  CONFERENCE_COLUMNS,
  DISPLAY_ORDER,
  HEADER_COLUMNS,
  MAIL_HEADER_COLUMNS,
} from "./message_rows.ts";
import type { PostgresConnection } from "./postgres_connection.ts";

/** Options of the message base. */
export interface PostgresMessageOptions {
  /** Compress bodies longer than this many UTF-8 bytes. */
  compressAbove: number;
  cache: ReadCache;
  /** The NOTIFY channel of this schema (`changeChannel`). */
  channel: string;
  /** This store's id in NOTIFY payloads, so it can ignore its own. */
  origin: string;
}

/** Shared state of `PostgresAreas`, `PostgresMessages` and `PostgresMail`. */
export class PostgresMessageContext {
  /** The pool; each `conn.db()` is one counted statement. */
  readonly conn: PostgresConnection;
  readonly cache: ReadCache;
  /** Compress bodies longer than this many UTF-8 bytes. */
  readonly compressAbove: number;
  /** Column lists and ORDER BY as fragments postgres.js inlines into statement text. */
  readonly columns: {
    area: postgres.PendingQuery<postgres.Row[]>;
    header: postgres.PendingQuery<postgres.Row[]>;
    mailHeader: postgres.PendingQuery<postgres.Row[]>;
    conference: postgres.PendingQuery<postgres.Row[]>;
    display: postgres.PendingQuery<postgres.Row[]>;
  };
  /** For building fragments only; queries go through `conn.db()`, which counts them. */
  readonly sql: postgres.Sql;
  /** The schema's NOTIFY channel. */
  readonly channel: string;
  /** This store's id in NOTIFY payloads. */
  readonly origin: string;

  constructor(conn: PostgresConnection, options: PostgresMessageOptions) {
    const sql = conn.fragments;
    this.conn = conn;
    this.sql = sql;
    this.cache = options.cache;
    this.compressAbove = options.compressAbove;
    this.channel = options.channel;
    this.origin = options.origin;
    this.columns = {
      area: sql.unsafe(AREA_COLUMNS),
      header: sql.unsafe(HEADER_COLUMNS),
      mailHeader: sql.unsafe(MAIL_HEADER_COLUMNS),
      conference: sql.unsafe(CONFERENCE_COLUMNS),
      display: sql.unsafe(DISPLAY_ORDER),
    };
  }

  /**
   * The cached value for `key`, or `load()`'s, kept for next time under `scope` (an area id,
   * `ALL_AREAS`, or a negative scope of its own). The generation is read before the query
   * starts, so a fill overtaken by an invalidation (here or a NOTIFY) is dropped, never kept.
   */
  async cachedRead<T>(
    key: string,
    scope: number,
    load: () => Promise<{ value: T; bytes: number }>,
    options: { keepOnAppend?: boolean } = {},
  ): Promise<T> {
    const hit = this.cache.get<T>(key);
    if (hit !== undefined) return hit;
    const generation = this.cache.generation;
    const { value, bytes } = await load();
    this.cache.set(key, value, { scope, bytes, generation, ...options });
    return value;
  }

  /**
   * A NOTIFY payload from any daemon on this schema, `<origin>:<scope>` or `<origin>:*`: drops
   * what it changed, unless it came from this store.
   */
  onChange(payload: string): void {
    const colon = payload.lastIndexOf(":");
    if (payload.slice(0, colon) === this.origin) return;
    const scope = payload.slice(colon + 1);
    // A number is a message area's id, or a negative scope of its own (the file-area list);
    // "+id" is a new message appended to that area (see `ReadCache.invalidateAppend`).
    if (/^-?\d+$/.test(scope)) this.cache.invalidate(Number(scope));
    else if (/^\+\d+$/.test(scope)) this.cache.invalidateAppend(Number(scope.slice(1)));
    else this.cache.clear();
  }

  /**
   * The payload `<origin>:<scope>`, or `<origin>:+<scope>` for an append, that
   * {@linkcode onChange} reads on every daemon.
   */
  changePayload(scope: number | "*", options: { append?: boolean } = {}): string {
    return `${this.#payloadPrefix(options)}${scope}`;
  }

  /**
   * `SELECT pg_notify(…) FROM <cte>`: a NOTIFY for each row the CTE changed, so a write that
   * changed nothing notifies nobody. Delivered when the statement's transaction commits.
   *
   * @param scope the area changed, `ALL_AREAS` for area lists only, `"*"` for anything (e.g. a
   *   deleted user whose id leaves message headers), or `{ column }`: the area id in that column
   *   of each row
   * @param options.append the change only added messages at the end of the area (receivers
   *   keep the pages below an existing number)
   */
  notifyChange(
    scope: number | "*" | { column: string },
    cte: string,
    options: { append?: boolean } = {},
  ): postgres.PendingQuery<postgres.Row[]> {
    const payload = typeof scope === "object"
      ? this.sql`${this.#payloadPrefix(options)}::text || ${this.sql(scope.column)}`
      : this.changePayload(scope, options);
    return this.sql`SELECT pg_notify(${this.channel}, ${payload}) FROM ${this.sql(cte)}`;
  }

  /** `<origin>:`, then `+` for an append: the payload up to the scope. */
  #payloadPrefix(options: { append?: boolean }): string {
    return `${this.origin}:${options.append ? "+" : ""}`;
  }
}
