/**
 * The accept loop. It survives accept errors (EMFILE when file descriptors run out ends a
 * plain `for await` over the listener and with it the daemon): it logs, backs off and resumes.
 *
 * @module
 */

import { log } from "../log/mod.ts";

/** A bound TCP listener handing each connection to `onConnection`. */
export interface TcpServer {
  /** Where it listens (the real port when 0 was asked for). */
  readonly hostname: string;
  readonly port: number;
  /** Stops accepting; resolves when the accept loop has ended. */
  close(): Promise<void>;
}

/** Longest pause after repeated accept failures. */
const MAX_BACKOFF_MS = 1000;

/**
 * Listens on `hostname:port` and calls `onConnection` for every accepted connection.
 *
 * @throws {Deno.errors.AddrInUse} and other bind errors, before any connection is accepted
 */
export function listenTcp(
  options: { hostname: string; port: number },
  onConnection: (conn: Deno.TcpConn) => void,
): TcpServer {
  const listener = Deno.listen({
    hostname: options.hostname,
    port: options.port,
    transport: "tcp",
  });
  let closing = false;
  const loop = (async () => {
    let backoff = 10;
    while (!closing) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
        backoff = 10;
      } catch (error) {
        if (closing || error instanceof Deno.errors.BadResource) break;
        log.error?.("Accept failed; pausing", { error, pauseMs: backoff });
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      onConnection(conn);
    }
  })();
  const addr = listener.addr as Deno.NetAddr;
  return {
    hostname: addr.hostname,
    port: addr.port,
    async close() {
      if (!closing) {
        closing = true;
        listener.close();
      }
      await loop;
    },
  };
}
