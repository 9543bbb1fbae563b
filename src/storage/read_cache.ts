/**
 * A bounded LRU cache for the hottest message-base reads (area lists, listing pages), keyed by
 * query and parameters, with entries grouped by scope (a message area's id, or
 * {@linkcode ALL_AREAS} for lists spanning areas) so a post invalidates only what it changes. A
 * negative scope (the file-area list) stands apart from both.
 *
 * It knows nothing of databases. Each adapter decides when another process changed something
 * and calls {@linkcode ReadCache.clear} (SQLite: `PRAGMA data_version`; PostgreSQL:
 * LISTEN/NOTIFY). Because a query may be in flight while something changes, every fill carries
 * the {@linkcode ReadCache.generation} read before the query started, and a fill from before any
 * invalidation is dropped rather than cached stale.
 *
 * @module
 */

import type { StoreStats } from "./message_types.ts";

/** The scope of entries that span areas (area lists): invalidated by any change. */
export const ALL_AREAS = 0;

/** Entries kept when not configured. */
export const DEFAULT_CACHE_ENTRIES = 4096;

/** Estimated bytes kept when not configured (16 MiB). */
export const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;

/** Bounds of a {@linkcode ReadCache}; either at 0 turns caching off. */
export interface ReadCacheOptions {
  /** At most this many entries (default {@linkcode DEFAULT_CACHE_ENTRIES}). */
  maxEntries?: number;
  /** At most about this many bytes (default {@linkcode DEFAULT_CACHE_BYTES}). */
  maxBytes?: number;
}

interface Entry {
  value: unknown;
  scope: number;
  bytes: number;
  /** A new message at the end of its area cannot change it (a page below a number). */
  keepOnAppend: boolean;
}

/**
 * The cache itself.
 *
 * @example
 * ```ts
 * const cache = new ReadCache();
 * const generation = cache.generation;
 * const rows = Object.freeze([{ number: 1 }]);
 * cache.set("list:7:newest", rows, { scope: 7, bytes: 200, generation });
 * cache.get("list:7:newest"); // rows
 * cache.invalidate(7); // a post in area 7
 * cache.get("list:7:newest"); // undefined
 * ```
 */
export class ReadCache {
  /** In least-recently-used-first order: a hit moves its entry to the end. */
  #entries = new Map<string, Entry>();
  #scopes = new Map<number, Set<string>>();
  #maxEntries: number;
  #maxBytes: number;
  #bytes = 0;
  #generation = 0;
  #enabled: boolean;
  #hits = 0;
  #misses = 0;
  #bypasses = 0;
  #invalidations = 0;

  /** @throws {RangeError} when a bound is not a non-negative integer */
  constructor(options: ReadCacheOptions = {}) {
    const { maxEntries = DEFAULT_CACHE_ENTRIES, maxBytes = DEFAULT_CACHE_BYTES } = options;
    for (const [name, value] of [["maxEntries", maxEntries], ["maxBytes", maxBytes]] as const) {
      if (!Number.isInteger(value) || value < 0) {
        throw new RangeError(
          `Cannot create the read cache: ${name} must be a non-negative integer, got ${value}`,
        );
      }
    }
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
    this.#enabled = maxEntries > 0 && maxBytes > 0;
  }

  /** Whether the bounds allow caching at all. */
  get configured(): boolean {
    return this.#maxEntries > 0 && this.#maxBytes > 0;
  }

  /**
   * Whether the cache answers and keeps anything. Switching empties it. An adapter turns it off
   * while it cannot learn of other processes' changes, and on when it can again.
   */
  get enabled(): boolean {
    return this.#enabled;
  }

  set enabled(on: boolean) {
    // Either way the cache starts empty, and fills from queries begun before now are dropped:
    // they may have missed a change while the cache could not hear of it.
    this.clear();
    this.#enabled = on && this.configured;
  }

  /** Changes with every invalidation; pass the value read before a query to `set`. */
  get generation(): number {
    return this.#generation;
  }

  /** The cached value for `key`, counted as a hit, a miss, or a bypass when disabled. */
  get<T>(key: string): T | undefined {
    if (!this.#enabled) {
      this.#bypasses++;
      return undefined;
    }
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value as T;
  }

  /**
   * Keeps `value` under `key` unless the cache was invalidated since `generation` was read (the
   * value may predate the change) or the value alone exceeds the byte bound. Evicts the least
   * recently used entries to stay within bounds.
   *
   * @param entry.scope the area id the value depends on, {@linkcode ALL_AREAS}, or a negative
   *   scope of its own (the file-area list)
   * @param entry.bytes an estimate of the value's size
   * @param entry.generation {@linkcode ReadCache.generation} as read before the query started
   * @param entry.keepOnAppend a new message at the end of the area cannot change the value
   *   (a listing page bounded below an existing number): `invalidateAppend` keeps it
   */
  set(
    key: string,
    value: unknown,
    entry: { scope: number; bytes: number; generation: number; keepOnAppend?: boolean },
  ): void {
    const { scope, bytes, generation } = entry;
    if (!this.#enabled || generation !== this.#generation || bytes > this.#maxBytes) return;
    this.#remove(key);
    this.#entries.set(key, { value, scope, bytes, keepOnAppend: entry.keepOnAppend === true });
    this.#bytes += bytes;
    let keys = this.#scopes.get(scope);
    if (keys === undefined) this.#scopes.set(scope, keys = new Set());
    keys.add(key);
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const oldest = this.#entries.keys().next().value as string;
      this.#remove(oldest);
    }
  }

  /**
   * Drops the entries of `scope` and of {@linkcode ALL_AREAS}: something in that area changed.
   * A negative scope (the file-area list) stands alone: it drops only its own entries.
   */
  invalidate(scope: number): void {
    this.#invalidations++;
    this.#generation++;
    for (const each of scope <= ALL_AREAS ? [scope] : [scope, ALL_AREAS]) {
      const keys = this.#scopes.get(each);
      if (keys === undefined) continue;
      for (const key of keys) this.#remove(key);
    }
  }

  /**
   * A new message was added at the end of area `scope` (a post that is not a reply, or an
   * import): drops that area's entries except the pages below an existing number, which cannot
   * have changed, and the cross-area lists.
   */
  invalidateAppend(scope: number): void {
    this.#invalidations++;
    this.#generation++;
    for (const key of this.#scopes.get(scope) ?? []) {
      if (!this.#entries.get(key)?.keepOnAppend) this.#remove(key);
    }
    for (const key of this.#scopes.get(ALL_AREAS) ?? []) this.#remove(key);
  }

  /** Drops everything: something changed, and where is not known. */
  clear(): void {
    this.#invalidations++;
    this.#generation++;
    this.#entries.clear();
    this.#scopes.clear();
    this.#bytes = 0;
  }

  /** Counters for `Store.stats`. */
  get stats(): {
    hits: number;
    misses: number;
    bypasses: number;
    invalidations: number;
    entries: number;
    bytes: number;
  } {
    return {
      hits: this.#hits,
      misses: this.#misses,
      bypasses: this.#bypasses,
      invalidations: this.#invalidations,
      entries: this.#entries.size,
      bytes: this.#bytes,
    };
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    const keys = this.#scopes.get(entry.scope);
    keys?.delete(key);
    if (keys?.size === 0) this.#scopes.delete(entry.scope);
  }
}

/** Freezes each row and the array: a cached result is shared by every caller that reads it. */
export function freezeRows<T extends object>(rows: T[]): readonly T[] {
  for (const row of rows) Object.freeze(row);
  return Object.freeze(rows);
}

/** `Store.stats`: an adapter's own counters beside `cache`'s, as a fresh snapshot. */
export function storeStats(
  cache: ReadCache,
  counts: { queries: number; versionChecks: number },
): StoreStats {
  const { hits, misses, bypasses, invalidations, entries, bytes } = cache.stats;
  return {
    queries: counts.queries,
    cacheHits: hits,
    cacheMisses: misses,
    cacheBypasses: bypasses,
    cacheInvalidations: invalidations,
    versionChecks: counts.versionChecks,
    cacheEntries: entries,
    cacheBytes: bytes,
  };
}
