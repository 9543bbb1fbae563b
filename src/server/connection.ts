/**
 * The telnet transport: one read loop per connection into one reused buffer, and the `Link`
 * a session writes through, with an orderly close.
 *
 * @module
 */

import type { Link } from "../session/mod.ts";

/**
 * Size of each connection's read buffer. A pending read into an own 4 KiB buffer costs about
 * 10 KiB per idle connection here, a `conn.readable` reader about 63 KiB.
 */
export const READ_BUFFER_BYTES = 4096;

/** How long a closing line waits for the caller to hang up before it is cut. */
export const LINGER_MS = 2000;

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

/**
 * One caller's TCP connection: the `Link` a session writes through, and the read loop that
 * feeds it.
 *
 * Closing is orderly, as the board's last words (a goodbye, the CANs that stop a transfer)
 * must arrive: `close` sends FIN after what is queued and keeps reading, discarding, until the
 * caller hangs up or {@linkcode LINGER_MS} passes. Closing a socket with unread input at once
 * would send a reset instead, and the caller's side may drop what it had not read yet.
 * The socket itself is released when the read loop ends, however it ends.
 */
export class TcpLine implements Link {
  /** The caller's address. */
  readonly remoteAddress: string;
  readonly #conn: Deno.TcpConn;
  readonly #lingerMs: number;
  #state: "open" | "closing" | "released" = "open";
  #linger: ReturnType<typeof setTimeout> | undefined;

  /** Wraps `conn`; `lingerMs` bounds how long `close` waits for the caller to hang up. */
  constructor(conn: Deno.TcpConn, lingerMs = LINGER_MS) {
    this.#conn = conn;
    this.#lingerMs = lingerMs;
    this.remoteAddress = (conn.remoteAddr as Deno.NetAddr).hostname;
  }

  /** Writes some of `bytes`; resolves with how many were written. */
  write(bytes: Uint8Array): Promise<number> {
    return this.#conn.write(bytes);
  }

  /** Ends the call from the board's side: FIN now, the socket released once the caller goes. */
  close(): void {
    if (this.#state !== "open") return;
    this.#state = "closing";
    try {
      this.#conn.closeWrite();
    } catch {
      this.#release();
      return;
    }
    this.#linger = setTimeout(() => this.#release(), this.#lingerMs);
  }

  /**
   * Reads until the caller hangs up (or the line is cut), handing each chunk to `receiver`,
   * then calls `hangup` and releases the socket. Resolves when the connection is finished.
   */
  async pump(receiver: Receiver): Promise<void> {
    let buffer = new Uint8Array(READ_BUFFER_BYTES);
    try {
      for (;;) {
        const size = receiver.readSize ?? READ_BUFFER_BYTES;
        if (buffer.length !== size) buffer = new Uint8Array(size);
        const n = await this.#conn.read(buffer);
        if (n === null) break;
        const busy = receiver.receive(buffer.subarray(0, n));
        if (busy) await busy;
      }
    } catch {
      // A reset, or the linger running out, ends the call the same way as an orderly EOF.
    } finally {
      receiver.hangup();
      this.#release();
    }
  }

  #release(): void {
    if (this.#state === "released") return;
    this.#state = "released";
    clearTimeout(this.#linger);
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }
}
