/**
 * Spotting the start of a ZMODEM session in a caller's ordinary input, so the BBS can hand
 * the connection to a codec.
 *
 * @module
 */

import { ZDLE, ZPAD } from "./constants.ts";

/** What {@linkcode ZmodemDetector.push} found. */
export interface ZmodemStart {
  /**
   * "upload": the caller's program sent ZRQINIT (its `sz` wants to send; start a
   * `ZmodemReceiver`). "download": it sent ZRINIT (its `rz` is waiting; start a
   * `ZmodemSender`).
   */
  kind: "upload" | "download";
  /** Input before the frame, for the terminal as usual (borrowed view of the chunk). */
  before: Uint8Array;
  /** The frame's first six bytes, `* * ZDLE B 0 0|1`; push them into the codec first. */
  head: Uint8Array;
  /** The chunk after those six bytes; push it into the codec next (borrowed view). */
  rest: Uint8Array;
}

const B = 0x42;
const ZERO = 0x30;
const ONE = 0x31;
const HEAD_ZRQINIT = new Uint8Array([ZPAD, ZPAD, ZDLE, B, ZERO, ZERO]);
const HEAD_ZRINIT = new Uint8Array([ZPAD, ZPAD, ZDLE, B, ZERO, ONE]);
const EMPTY = new Uint8Array(0);

/**
 * Watches a caller's input for a hex ZRQINIT (`**\x18B00`) or ZRINIT (`**\x18B01`) header,
 * across chunk boundaries. The fast path is one `indexOf(ZDLE)` per chunk, which finds
 * nothing in typed input; bytes are never held back, so typing is not delayed.
 *
 * @example
 * ```ts
 * const found = detector.push(chunk);
 * if (found) {
 *   lineEditor.feed(found.before);
 *   const receiver = new ZmodemReceiver({ sink, target });
 *   receiver.start();
 *   receiver.push(found.head);
 *   await receiver.push(found.rest);
 * } else lineEditor.feed(chunk);
 * ```
 */
export class ZmodemDetector {
  /** The last two bytes of the previous chunk (0 when there were none). */
  #back1 = 0;
  #back2 = 0;
  /** Sentry bytes (3–5) matched at the very end of the previous chunk, or 0. */
  #matched = 0;

  /** Looks for the start of a session in `chunk`; `undefined` when there is none. */
  push(chunk: Uint8Array): ZmodemStart | undefined {
    const n = chunk.length;
    if (n === 0) return undefined;
    const matched = this.#matched;
    this.#matched = 0;
    if (matched > 0) {
      const found = this.#continue(chunk, matched);
      if (found) return found;
    }
    for (let j = chunk.indexOf(ZDLE); j >= 0; j = chunk.indexOf(ZDLE, j + 1)) {
      const star1 = j >= 1 ? chunk[j - 1]! : this.#back1;
      const star2 = j >= 2 ? chunk[j - 2]! : j === 1 ? this.#back1 : this.#back2;
      if (star1 !== ZPAD || star2 !== ZPAD) continue;
      // Sentry index 2 is the ZDLE; check what of indexes 3..5 this chunk holds.
      let k = 3;
      while (k < 6 && j + k - 2 < n && this.#fits(k, chunk[j + k - 2]!)) k++;
      if (k === 6) return this.#found(chunk, j - 2, chunk[j + 3]!);
      if (j + k - 2 >= n) this.#matched = k;
    }
    this.#back1 = chunk[n - 1]!;
    this.#back2 = n >= 2 ? chunk[n - 2]! : this.#back1;
    return undefined;
  }

  #fits(k: number, b: number): boolean {
    return k === 3 ? b === B : k === 4 ? b === ZERO : b === ZERO || b === ONE;
  }

  #continue(chunk: Uint8Array, matched: number): ZmodemStart | undefined {
    let k = matched;
    let i = 0;
    while (k < 6 && i < chunk.length && this.#fits(k, chunk[i]!)) {
      if (k === 5) {
        return this.#result(chunk[i]!, EMPTY, chunk.subarray(i + 1));
      }
      k++;
      i++;
    }
    if (k < 6 && i >= chunk.length) this.#matched = k;
    return undefined;
  }

  #found(chunk: Uint8Array, start: number, last: number): ZmodemStart {
    return this.#result(last, chunk.subarray(0, Math.max(0, start)), chunk.subarray(start + 6));
  }

  #result(last: number, before: Uint8Array, rest: Uint8Array): ZmodemStart {
    this.#back1 = this.#back2 = 0;
    return last === ONE
      ? { kind: "download", before, head: HEAD_ZRINIT, rest }
      : { kind: "upload", before, head: HEAD_ZRQINIT, rest };
  }
}
