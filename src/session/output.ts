/**
 * The send side of one caller: bytes are appended to a buffer and written with one socket write
 * per turn of the event loop, never byte by byte.
 *
 * @module
 */

import { ByteWriter } from "../bytes/mod.ts";
import { CarrierError } from "../errors.ts";

/** Writes some bytes of `bytes`, returning how many (a socket write may be partial). */
export type WriteSink = (bytes: Uint8Array) => Promise<number>;

/**
 * Double-buffered output. Code appends to `writer` and calls `flushSoon()`; a write in flight
 * keeps its buffer untouched while new output collects in the other one, and the two swap when
 * the write completes. Output that piles up past `maxPending` bytes (a caller who stopped
 * reading) fails the channel with `OUTPUT_OVERFLOW` instead of growing without bound.
 */
export class OutputChannel {
  // Both buffers are let go whenever everything is written, so an idle caller holds none.
  #back: ByteWriter | undefined;
  #front: ByteWriter | undefined;
  #sink: WriteSink;
  #onError: (error: Error) => void;
  #maxPending: number;
  #scheduled = false;
  #writing = false;
  #failed: Error | undefined;
  #drainWaiters: (() => void)[] = [];

  /**
   * @param sink the socket write
   * @param onError called once when a write fails or output overflows
   */
  constructor(
    sink: WriteSink,
    onError: (error: Error) => void,
    options: { maxPending?: number } = {},
  ) {
    this.#sink = sink;
    this.#onError = onError;
    this.#maxPending = options.maxPending ?? 1 << 20;
  }

  /** Where to append output. Borrowed: append now, do not keep it. */
  get writer(): ByteWriter {
    return this.#back ??= new ByteWriter(256);
  }

  /** Bytes waiting to be written, in flight included. */
  get pending(): number {
    return (this.#back?.length ?? 0) + (this.#writing ? this.#front?.length ?? 0 : 0);
  }

  /** Schedules a write of everything appended so far, coalesced with the rest of this turn. */
  flushSoon(): void {
    const back = this.#back;
    if (back === undefined) return;
    if (this.#failed) {
      this.#back = undefined;
      return;
    }
    if (back.length > this.#maxPending) {
      this.#fail(
        new CarrierError("OUTPUT_OVERFLOW", `Output backlog above ${this.#maxPending} bytes`),
      );
      return;
    }
    if (this.#scheduled || this.#writing) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#pump());
  }

  /** Resolves when everything appended so far has been written (or the channel failed). */
  drain(): Promise<void> {
    this.flushSoon();
    if (this.#failed || (!this.#writing && !this.#scheduled && !this.#back?.length)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  async #pump(): Promise<void> {
    this.#scheduled = false;
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#back?.length && !this.#failed) {
        const front = this.#back;
        this.#back = this.#front?.clear();
        this.#front = front;
        let view = front.view();
        while (view.length > 0) {
          const n = await this.#sink(view);
          view = view.subarray(n);
        }
      }
      this.#front = undefined;
      if (this.#back?.length === 0) this.#back = undefined;
    } catch (error) {
      this.#fail(error as Error);
    } finally {
      this.#writing = false;
      const waiters = this.#drainWaiters;
      if (waiters.length > 0) {
        this.#drainWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
  }

  #fail(error: Error): void {
    if (this.#failed) return;
    this.#failed = error;
    this.#back = this.#front = undefined;
    this.#onError(error);
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
