/**
 * The telnet transport: one read loop per connection into one reused buffer, and the `Link`
 * a session writes through.
 *
 * @module
 */

import type { Link } from "../session/mod.ts";

/**
 * Size of each connection's read buffer. A pending read into an own 4 KiB buffer costs about
 * 10 KiB per idle connection here, a `conn.readable` reader about 63 KiB.
 */
export const READ_BUFFER_BYTES = 4096;

/** What receives a connection's bytes. */
export interface Receiver {
  /**
   * Bytes from the peer; `bytes` is only valid during the call. A returned promise holds back
   * the next read until it settles (a busy upload).
   */
  receive(bytes: Uint8Array): Promise<void> | void | undefined;
  /** How many bytes to read at a time (read before each read). */
  readonly readSize?: number;
  /** The connection ended. */
  hangup(): void;
}

/** Wraps a TCP connection as a session's `Link`. */
export function tcpLink(conn: Deno.TcpConn): Link {
  let open = true;
  return {
    remoteAddress: (conn.remoteAddr as Deno.NetAddr).hostname,
    write: (bytes) => conn.write(bytes),
    close() {
      if (!open) return;
      open = false;
      try {
        conn.close();
      } catch {
        // Already closed by the peer; nothing else to release.
      }
    },
  };
}

/**
 * Reads `conn` until it ends, handing each chunk to `receiver`, then calls `hangup`.
 * Resolves when the connection is finished.
 */
export async function pumpConnection(conn: Deno.TcpConn, receiver: Receiver): Promise<void> {
  let buffer = new Uint8Array(READ_BUFFER_BYTES);
  try {
    for (;;) {
      const size = receiver.readSize ?? READ_BUFFER_BYTES;
      if (buffer.length !== size) buffer = new Uint8Array(size);
      const n = await conn.read(buffer);
      if (n === null) break;
      const busy = receiver.receive(buffer.subarray(0, n));
      if (busy) await busy;
    }
  } catch {
    // A reset or a close from our side ends the call the same way as an orderly EOF.
  } finally {
    receiver.hangup();
  }
}
