/**
 * The receivers' write-behind buffer: verified data collects here and goes to the
 * `FileTarget` 64 KiB at a time, one write in flight while the next buffer fills.
 *
 * @module
 */

import type { FileTarget } from "./receiver.ts";

const FILL = 64 * 1024;

/**
 * Batches verified data for a {@linkcode FileTarget}: at most two buffers of 64 KiB (plus one
 * chunk) exist, whatever the file size. `add` says when the caller must stop taking input
 * until `whenReady()` settles. Serves the ZMODEM receiver (subpackets) and the XMODEM and
 * YMODEM receivers (blocks).
 */
export class TargetWriter {
  readonly #target: FileTarget;
  readonly #failed: (error: unknown) => void;
  readonly #wrote: (offset: number) => void;
  #fill: Uint8Array;
  #spare: Uint8Array;
  #length = 0;
  #offset = 0;
  #writing: Promise<void> | undefined;
  #stopped = false;

  /**
   * @param target where data goes.
   * @param maxChunk the most bytes one `add` brings (a subpacket, a block).
   * @param events `failed` once when a write rejects (later data is dropped); `wrote` with the
   *   offset reached after each write.
   */
  constructor(
    target: FileTarget,
    maxChunk: number,
    events: { failed: (error: unknown) => void; wrote: (offset: number) => void },
  ) {
    this.#target = target;
    this.#fill = new Uint8Array(FILL + maxChunk);
    this.#spare = new Uint8Array(FILL + maxChunk);
    this.#failed = events.failed;
    this.#wrote = events.wrote;
  }

  /** Starts a file at `offset` (0, or where a resume begins). */
  begin(offset: number): void {
    this.#offset = offset;
    this.#length = 0;
  }

  /** Copies `data` (≤ one chunk). True when the caller must wait for `whenReady()`. */
  add(data: Uint8Array): boolean {
    this.#fill.set(data, this.#length);
    this.#length += data.length;
    if (this.#length < FILL) return false;
    if (!this.#writing) {
      this.#start();
      return false;
    }
    return true;
  }

  /** Settles when the write in flight is done and the full buffer has been handed on. */
  async whenReady(): Promise<void> {
    await this.#writing;
    this.#start();
  }

  /** Writes everything held and settles when the target has it all. */
  async close(): Promise<void> {
    await this.#writing;
    this.#start();
    await this.#writing;
  }

  /** Drops what is held, writes nothing more, and settles when the write in flight ends. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#length = 0;
    await this.#writing;
  }

  #start(): void {
    if (this.#length === 0 || this.#stopped) return;
    const bytes = this.#fill.subarray(0, this.#length);
    const offset = this.#offset;
    const reached = offset + bytes.length;
    [this.#fill, this.#spare] = [this.#spare, this.#fill];
    this.#offset = reached;
    this.#length = 0;
    this.#writing = this.#target.write(bytes, offset).then(() => {
      this.#writing = undefined;
      this.#wrote(reached);
    }, (error) => {
      this.#writing = undefined;
      this.#stopped = true;
      this.#failed(error);
    });
  }
}
