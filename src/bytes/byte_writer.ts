/**
 * A growable byte buffer that is reused frame after frame: protocol code appends into it and
 * hands `view()` to a single socket write.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * Appends bytes into one backing `Uint8Array` that doubles when full and is kept between frames.
 *
 * @example
 * ```ts
 * const out = new ByteWriter();
 * out.ascii("\x1b[2J").utf8("Welcome").byte(13).byte(10);
 * await conn.write(out.view());
 * out.clear();
 * ```
 */
export class ByteWriter {
  #buf: Uint8Array;
  #len = 0;
  readonly #initialCapacity: number;

  /** @param initialCapacity bytes allocated up front; the buffer doubles from there. */
  constructor(initialCapacity = 256) {
    if (!(initialCapacity > 0)) throw new RangeError("ByteWriter capacity must be positive");
    this.#initialCapacity = initialCapacity;
    this.#buf = new Uint8Array(initialCapacity);
  }

  /** Bytes written since the last `clear()`. */
  get length(): number {
    return this.#len;
  }

  /** Bytes the backing buffer holds before it must grow. */
  get capacity(): number {
    return this.#buf.length;
  }

  /** Makes room for `n` more bytes, doubling the backing buffer as needed. */
  reserve(n: number): this {
    const need = this.#len + n;
    if (need > this.#buf.length) {
      let size = this.#buf.length * 2;
      while (size < need) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.#buf.subarray(0, this.#len));
      this.#buf = next;
    }
    return this;
  }

  /**
   * Makes room for `n` more bytes and returns the unwritten space after `length`, so a hot loop
   * (ZDLE escaping) can store bytes without a call per byte. The view is borrowed until the
   * next call that writes or clears; `advance(k)` then counts its first `k` bytes as written.
   */
  room(n: number): Uint8Array {
    this.reserve(n);
    return this.#buf.subarray(this.#len);
  }

  /** Counts `k` bytes stored through `room()` as written. */
  advance(k: number): this {
    if (k < 0 || this.#len + k > this.#buf.length) {
      throw new RangeError(`Cannot advance ${k} bytes`);
    }
    this.#len += k;
    return this;
  }

  /** Appends one byte. */
  byte(b: number): this {
    if (this.#len === this.#buf.length) this.reserve(1);
    this.#buf[this.#len++] = b;
    return this;
  }

  /** Appends a copy of `src`. */
  bytes(src: Uint8Array): this {
    this.reserve(src.length);
    this.#buf.set(src, this.#len);
    this.#len += src.length;
    return this;
  }

  /** Appends a string whose code units are all below 256, one byte per code unit. */
  latin1(s: string): this {
    const n = s.length;
    this.reserve(n);
    const buf = this.#buf;
    let at = this.#len;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    this.#len = at;
    return this;
  }

  /** Appends `s` encoded as UTF-8. */
  utf8(s: string): this {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
    this.reserve(s.length * 3);
    const { written } = encoder.encodeInto(s, this.#buf.subarray(this.#len));
    this.#len += written;
    return this;
  }

  /** Appends `n` as decimal ASCII digits (non-negative integers). */
  decimal(n: number): this {
    if (n < 10) return this.byte(48 + n);
    if (n < 100) return this.byte(48 + ((n / 10) | 0)).byte(48 + (n % 10));
    return this.latin1(String(n));
  }

  /** Overwrites the byte at `offset` (for lengths and checksums known only at the end). */
  setByteAt(offset: number, b: number): this {
    if (offset < 0 || offset >= this.#len) throw new RangeError(`Offset ${offset} is not written`);
    this.#buf[offset] = b;
    return this;
  }

  /**
   * The written bytes as a view into the backing buffer. It is borrowed: valid until the next
   * call that writes or clears.
   */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /**
   * Forgets the written bytes but keeps the buffer. A buffer that grew past `retain` bytes is
   * replaced by a fresh one of the initial size, so one big screen does not pin memory for an
   * idle caller.
   */
  clear(retain = 16384): this {
    this.#len = 0;
    if (this.#buf.length > retain) this.#buf = new Uint8Array(this.#initialCapacity);
    return this;
  }
}
