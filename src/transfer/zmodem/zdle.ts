/**
 * ZDLE link escape encoding (zmodem.txt §7.2): which bytes are escaped on the way out and how
 * bytes are classed on the way in.
 *
 * Escaped always: ZDLE, DLE, XON, XOFF and their high-bit forms (0x18, 0x10, 0x11, 0x13, 0x90,
 * 0x91, 0x93), and CR (0x0D/0x8D) when the byte sent before it was '@' (0x40/0xC0). With
 * `escapeControl` (the peer's ESCCTL/TESCCTL) every byte in 0x00–0x1F and 0x80–0x9F is escaped.
 * With `escapeIac`, 0xFF goes out as ZDLE ZRUB1, so the stream never holds telnet's IAC and
 * the telnet layer has nothing to double.
 *
 * @module
 */

import type { ByteWriter } from "../../bytes/mod.ts";
import { AT, CR, DLE, XOFF, XON, ZDLE, ZRUB1 } from "./constants.ts";

/** Which bytes a {@linkcode ZdleEncoder} escapes beyond the ones the spec always escapes. */
export interface ZdleOptions {
  /** Escape every control byte (0x00–0x1F, 0x80–0x9F), as ESCCTL asks. Default false. */
  escapeControl?: boolean;
  /** Send 0xFF as ZDLE ZRUB1 so no telnet IAC appears in the stream. Default false. */
  escapeIac?: boolean;
}

// Encoder byte classes.
const PLAIN = 0;
const ESCAPE = 1;
const CR_AFTER_AT = 2;
const RUB1 = 3;

/** Decoder byte classes: a plain byte, the escape ZDLE, or a byte dropped when raw. */
export const DECODE_PLAIN = 0;
/** See {@linkcode DECODE_PLAIN}. */
const DECODE_ZDLE = 1;
/** See {@linkcode DECODE_PLAIN}. */
export const DECODE_DROP = 2;

function encodeTable(options: ZdleOptions): Uint8Array {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    if ((b & 0x60) !== 0) continue;
    const low = b & 0x7f;
    if (options.escapeControl || low === ZDLE || low === DLE || low === XON || low === XOFF) {
      table[b] = ESCAPE;
    } else if (low === CR) table[b] = CR_AFTER_AT;
  }
  if (options.escapeIac) table[0xff] = RUB1;
  return table;
}

/**
 * The decoder's 256-entry class table: ZDLE starts an escape; raw XON/XOFF (either parity) are
 * line noise or flow control and are dropped, as are all raw control bytes when the peer was
 * asked to escape them.
 */
export function decodeTable(escapeControl: boolean): Uint8Array {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    if ((b & 0x60) !== 0) continue;
    const low = b & 0x7f;
    if (b === ZDLE) table[b] = DECODE_ZDLE;
    else if (low === XON || low === XOFF || escapeControl) table[b] = DECODE_DROP;
  }
  return table;
}

/**
 * Escapes bytes for the wire into a `ByteWriter`, remembering the last byte sent so a CR after
 * '@' is escaped across calls.
 *
 * @example
 * ```ts
 * const out = new ByteWriter();
 * new ZdleEncoder({ escapeIac: true }).escape(new Uint8Array([0x18, 0xff, 0x41]), out);
 * out.view(); // 18 58 18 6d 41
 * ```
 */
export class ZdleEncoder {
  #table: Uint8Array;
  #last = 0;

  /** @param options extra bytes to escape. */
  constructor(options: ZdleOptions = {}) {
    this.#table = encodeTable(options);
  }

  /** Changes which extra bytes are escaped (after the peer's ZRINIT or ZSINIT). */
  configure(options: ZdleOptions): void {
    this.#table = encodeTable(options);
  }

  /** Appends `src`, escaped, to `out`: one pass, one table load per byte. */
  escape(src: Uint8Array, out: ByteWriter): void {
    const n = src.length;
    const dst = out.room(2 * n);
    const table = this.#table;
    let o = 0;
    // A per-byte copy beats copying runs with `set` here: runs between escapes in random data
    // average ~25 bytes, too short to pay for a subarray each (see zdle_bench.ts).
    for (let i = 0; i < n; i++) {
      const b = src[i]!;
      const c = table[b]!;
      if (c === PLAIN) {
        dst[o++] = b;
      } else if (c === ESCAPE) {
        dst[o++] = ZDLE;
        dst[o++] = b ^ 0x40;
      } else if (c === CR_AFTER_AT) {
        const last = o > 0 ? dst[o - 1]! : this.#last;
        if ((last & 0x7f) === AT) {
          dst[o++] = ZDLE;
          dst[o++] = b ^ 0x40;
        } else dst[o++] = b;
      } else {
        dst[o++] = ZDLE;
        dst[o++] = ZRUB1;
      }
    }
    if (o > 0) this.#last = dst[o - 1]!;
    out.advance(o);
  }

  /** Appends one byte, escaped (header fields and CRC bytes). */
  escapeByte(b: number, out: ByteWriter): void {
    const c = this.#table[b & 0xff]!;
    b &= 0xff;
    if (c === PLAIN || (c === CR_AFTER_AT && (this.#last & 0x7f) !== AT)) {
      out.byte(b);
      this.#last = b;
    } else if (c === RUB1) {
      out.byte(ZDLE).byte(ZRUB1);
      this.#last = ZRUB1;
    } else {
      out.byte(ZDLE).byte(b ^ 0x40);
      this.#last = b ^ 0x40;
    }
  }

  /** Records bytes sent unescaped (frame starts, hex headers) for the CR-after-@ rule. */
  sentRaw(last: number): void {
    this.#last = last;
  }
}
