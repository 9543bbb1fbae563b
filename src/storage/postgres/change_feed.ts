/**
 * The LISTEN half of the PostgreSQL read cache's cross-daemon invalidation: one dedicated
 * connection that LISTENs on the schema's channel and reports each NOTIFY payload, and whether
 * it is listening at all.
 *
 * Writers NOTIFY inside the transaction (or statement) that changes the message base, so the
 * notification is delivered only if, and right after, it commits. While this connection is down
 * a daemon cannot hear other daemons' changes, so the store turns its cache off; once LISTEN
 * succeeds again the cache starts empty (whatever was missed in between no longer matters).
 *
 * @module
 */

import postgres from "postgres";

/** First delay before re-LISTENing after the connection dropped; it doubles up to the max. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 10_000;

/** What a {@linkcode ChangeFeed} reports to. */
export interface ChangeFeedHandlers {
  /** A NOTIFY on the channel, with its payload. */
  onChange(payload: string): void;
  /** LISTEN took effect (true), or the connection was lost (false). */
  onListening(listening: boolean): void;
}

/** The channel a schema's writers NOTIFY and its daemons LISTEN on (one per schema). */
export function changeChannel(schema: string): string {
  // Channel names are identifiers: at most 63 bytes.
  return `carrier_${schema}`.slice(0, 63);
}

/**
 * A LISTEN connection that re-LISTENs after it drops, with backoff.
 *
 * @example
 * ```ts
 * const feed = new ChangeFeed(url, changeChannel("public"), {
 *   onChange: (payload) => cache.invalidate(Number(payload)),
 *   onListening: (up) => cache.enabled = up,
 * });
 * await feed.start();
 * // …
 * await feed.close();
 * ```
 */
export class ChangeFeed {
  #sql: postgres.Sql;
  #channel: string;
  #handlers: ChangeFeedHandlers;
  #listening = false;
  #closed = false;
  #retryMs = RETRY_FIRST_MS;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #pid: number | undefined;

  constructor(url: string, channel: string, handlers: ChangeFeedHandlers) {
    this.#channel = channel;
    this.#handlers = handlers;
    // postgres.js reads onnotify from its options but does not declare it; a spread member is
    // not checked against the declared ones.
    const notifications = {
      onnotify: (channel: string, payload: string) => {
        if (channel === this.#channel) this.#handlers.onChange(payload);
      },
    };
    this.#sql = postgres(url, {
      max: 1,
      // A LISTEN connection must stay open: no lifetime limit (idle connections are kept by
      // default).
      max_lifetime: null,
      fetch_types: false,
      onnotice: () => {},
      connection: { application_name: "carrier listen" },
      onclose: () => this.#lost(),
      ...notifications,
    });
  }

  /** Whether LISTEN is in effect now. */
  get listening(): boolean {
    return this.#listening;
  }

  /** The server process of the LISTEN connection (tests terminate it to simulate a drop). */
  get pid(): number | undefined {
    return this.#pid;
  }

  /** LISTENs; settles once LISTEN took effect or the first attempt failed (retried later). */
  async start(): Promise<void> {
    await this.#listen();
  }

  /** Stops listening and ends the connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listening = false;
    clearTimeout(this.#retry);
    await this.#sql.end({ timeout: 1 });
  }

  async #listen(): Promise<void> {
    this.#retry = undefined;
    if (this.#closed) return;
    try {
      const [row] = await this.#sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      await this.#sql`LISTEN ${this.#sql(this.#channel)}`;
      if (this.#closed) return;
      this.#pid = row?.pid;
      this.#listening = true;
      this.#retryMs = RETRY_FIRST_MS;
      this.#handlers.onListening(true);
    } catch {
      // The connection is down or refused: onclose may not fire for a connection that never
      // opened, so schedule the retry here too. The store stays uncached meanwhile.
      this.#schedule();
    }
  }

  #lost(): void {
    if (this.#closed) return;
    if (this.#listening) {
      this.#listening = false;
      this.#pid = undefined;
      this.#handlers.onListening(false);
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed || this.#retry !== undefined) return;
    this.#retry = setTimeout(() => void this.#listen(), this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
  }
}
