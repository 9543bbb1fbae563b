/**
 * Received data on its way to a `FileTarget`: blocks are gathered into one 64 KiB buffer while
 * the other is being written, so the target sees few large writes and memory stays at two
 * buffers whatever the file size.
 *
 * @module
 */

import type { FileTarget } from "../zmodem/mod.ts";
import { LONG_BLOCK } from "./constants.ts";

const CAPACITY = 64 * 1024;

/** Two buffers in front of a {@linkcode FileTarget}, writing at growing offsets. */
export class TargetWriter {
  readonly #target: FileTarget;
  readonly #onWritten: (reached: number) => void;
  readonly #onError: (error: unknown) => void;
  #fill = new Uint8Array(CAPACITY + LONG_BLOCK);
  #spare = new Uint8Array(CAPACITY + LONG_BLOCK);
  #fillLen = 0;
  #fillAt = 0;
  #writing: Promise<void> | undefined;
  #failed = false;

  /**
   * @param target where the data goes.
   * @param onWritten called after each write with the file offset reached.
   * @param onError called once when a write fails; later data is dropped.
   */
  constructor(
    target: FileTarget,
    onWritten: (reached: number) => void,
    onError: (error: unknown) => void,
  ) {
    this.#target = target;
    this.#onWritten = onWritten;
    this.#onError = onError;
  }

  /** Starts the next file at offset 0 (call once the last one is flushed). */
  reset(): void {
    this.#fillLen = this.#fillAt = 0;
  }

  /**
   * Copies in `data` (at most one block). Returns a promise when both buffers are taken: the
   * data is kept, but nothing more may be added until it settles.
   */
  add(data: Uint8Array): Promise<void> | undefined {
    this.#fill.set(data, this.#fillLen);
    this.#fillLen += data.length;
    if (this.#fillLen < CAPACITY) return undefined;
    if (!this.#writing) {
      this.#startWrite();
      return undefined;
    }
    return this.#writing.then(() => this.#startWrite());
  }

  /** Writes what is buffered and settles when every write has finished (or failed). */
  async flush(): Promise<void> {
    await this.#writing;
    this.#startWrite();
    await this.#writing;
  }

  /** Settles when no write is in flight. */
  idle(): Promise<void> | undefined {
    return this.#writing;
  }

  #startWrite(): void {
    if (this.#fillLen === 0 || this.#failed) return;
    const bytes = this.#fill.subarray(0, this.#fillLen);
    const reached = this.#fillAt + bytes.length;
    this.#writing = this.#target.write(bytes, this.#fillAt).then(() => {
      this.#writing = undefined;
      this.#onWritten(reached);
    }, (error) => {
      this.#writing = undefined;
      this.#failed = true;
      this.#onError(error);
    });
    [this.#fill, this.#spare] = [this.#spare, this.#fill];
    this.#fillAt = reached;
    this.#fillLen = 0;
  }
}
