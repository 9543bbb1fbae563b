/**
 * The output side shared by sender and receiver: where frames go, how timers are set, and
 * what a finished transfer reports.
 *
 * @module
 */

import { ByteWriter } from "../../bytes/mod.ts";
import type { CarrierError } from "../../errors.ts";

/**
 * Where a codec's output goes: one call per frame or batch, never per byte. `bytes` is
 * borrowed until the returned promise settles (or until `write` returns, if it returns
 * nothing); the codec never calls `write` again before that.
 */
export interface ZmodemSink {
  /** Sends `bytes` to the peer. A rejection ends the transfer. */
  write(bytes: Uint8Array): void | Promise<void>;
}

/** How a codec sets timers; tests pass a fake clock to drive timeouts. */
export interface ZmodemTimers {
  /** Calls `callback` once after `ms` milliseconds unless the returned function is called. */
  schedule(callback: () => void, ms: number): () => void;
}

/** The runtime's own timers. */
export const systemTimers: ZmodemTimers = {
  schedule(callback, ms) {
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
};

/** How one file of a transfer ended. */
export interface FileOutcome {
  /** The file's name (for a receiver, `safeFileName` of what the sender sent). */
  name: string;
  /** "done": all bytes sent or received; "skipped": declined by a side; "failed": cut off. */
  status: "done" | "skipped" | "failed";
  /** Offset the data started at (non-zero when resumed). */
  from: number;
  /** Offset reached: bytes confirmed received, or for a sender bytes sent. */
  to: number;
}

/** What a finished transfer reports; `done` promises resolve to it and never reject. */
export interface TransferReport {
  /** True when the session ended normally (each file done or skipped). */
  ok: boolean;
  /** Files in the order they were offered. */
  files: FileOutcome[];
  /** Why the transfer was aborted: a `CarrierError` with code "TRANSFER_ABORTED". */
  error?: CarrierError;
}

const BATCH_CAPACITY = 64 * 1024;
const RETAIN = 256 * 1024;

/**
 * Two `ByteWriter`s in front of a {@linkcode ZmodemSink}: frames are appended to `out`, and
 * `send()` hands it to the sink. While a write is in flight the other buffer fills, so at most
 * two batches exist at a time.
 */
export class Outbox {
  #sink: ZmodemSink;
  #fill = new ByteWriter(BATCH_CAPACITY);
  #spare = new ByteWriter(BATCH_CAPACITY);
  #inFlight: Promise<void> | undefined;
  #queued = false;
  #failed = false;
  #onError: (error: unknown) => void;
  /** Bytes handed to the sink so far. */
  sent = 0;

  /**
   * @param sink where bytes go.
   * @param onError called once if the sink throws or rejects; later output is dropped.
   */
  constructor(sink: ZmodemSink, onError: (error: unknown) => void) {
    this.#sink = sink;
    this.#onError = onError;
  }

  /** The buffer to append frames to. */
  get out(): ByteWriter {
    return this.#fill;
  }

  /** True while a write is in flight. */
  get busy(): boolean {
    return this.#inFlight !== undefined;
  }

  /** Settles when the write in flight, if any, has finished. */
  whenFree(): Promise<void> | undefined {
    return this.#inFlight;
  }

  /** Drops bytes appended but not yet sent (frames made stale by a ZRPOS). */
  discard(): void {
    this.#fill.clear(RETAIN);
    this.#queued = false;
  }

  /** Starts writing `out`, or, with a write in flight, writes it as soon as that one ends. */
  send(): void {
    if (this.#failed) {
      this.#fill.clear(RETAIN);
      return;
    }
    if (this.#inFlight) {
      this.#queued = true;
      return;
    }
    if (this.#fill.length === 0) return;
    let result: void | Promise<void>;
    this.sent += this.#fill.length;
    try {
      result = this.#sink.write(this.#fill.view());
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (result === undefined) {
      this.#fill.clear(RETAIN);
      return;
    }
    const sent = this.#fill;
    this.#fill = this.#spare;
    this.#spare = sent;
    this.#inFlight = Promise.resolve(result).then(() => {
      sent.clear(RETAIN);
      this.#inFlight = undefined;
      if (this.#queued) {
        this.#queued = false;
        this.send();
      }
    }, (error) => {
      this.#inFlight = undefined;
      this.#fail(error);
    });
  }

  /** Sends `out` and settles when everything has been written (or the sink failed). */
  async drain(): Promise<void> {
    this.send();
    while (this.#inFlight) await this.#inFlight;
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#fill.clear(RETAIN);
    this.#spare.clear(RETAIN);
    this.#onError(error);
  }
}
