/**
 * The receiving half of the ZMODEM link layer: a pull parser that finds headers (hex, ZBIN,
 * ZBIN32) and data subpackets in the peer's bytes, unescapes and checks them, and says what it
 * found one event at a time.
 *
 * @module
 */

import { crc16, crc16Byte, crc32, crc32Byte } from "./crc.ts";
import {
  MAX_SUBPACKET,
  XOFF,
  XON,
  ZBIN,
  ZBIN32,
  ZCRCE,
  ZCRCG,
  ZCRCQ,
  ZCRCW,
  ZDLE,
  ZHEX,
  ZPAD,
  ZRUB0,
  ZRUB1,
} from "./constants.ts";
import { DECODE_DROP, DECODE_PLAIN, decodeTable } from "./zdle.ts";

/** `read` consumed all it was given without completing anything. */
export const EVENT_NONE = 0;
/** A header with a good CRC: see `type`, `value` and `form`. */
export const EVENT_HEADER = 1;
/** A data subpacket with a good CRC: see `data` and `frameEnd`. */
export const EVENT_SUBPACKET = 2;
/** A header that failed its CRC or encoding; `problem` says why. Hunting resumes. */
export const EVENT_BAD_HEADER = 3;
/** A subpacket that failed its CRC, encoding or length bound; `problem` says why. */
export const EVENT_BAD_SUBPACKET = 4;
/** `maxGarbage` bytes went by without a header; the count starts again. */
export const EVENT_GARBAGE = 5;
/** Five CAN in a row: the peer aborted the session (§7.2). */
export const EVENT_CANCEL = 6;

/** Options for {@linkcode FrameReader}. */
export interface FrameReaderOptions {
  /** Longest data subpacket accepted; a longer one is an error. Default 8192. */
  maxSubpacket?: number;
  /** Bytes of non-header input tolerated before `EVENT_GARBAGE`. Default 1 MiB. */
  maxGarbage?: number;
  /** The peer was asked to escape control bytes, so raw ones are noise. Default false. */
  escapeControl?: boolean;
}

// Parser states.
const S_HUNT = 0;
const S_PAD = 1;
const S_IND = 2;
const S_BIN = 3;
const S_HEX = 4;
const S_DATA = 5;
const S_CRC = 6;

const NOT_HEX = 255;
const HEX_VALUE = new Uint8Array(128).fill(NOT_HEX);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[0x61 + i] = HEX_VALUE[0x41 + i] = 10 + i;

function isFlowControl(b: number): boolean {
  const low = b & 0x7f;
  return low === XON || low === XOFF;
}

/**
 * Finds ZMODEM frames in a byte stream, one event per call to {@linkcode FrameReader.read}.
 *
 * It hunts for headers and skips what is not one (counted against `maxGarbage`, with CR, LF
 * and XON after hex headers not counted). After `EVENT_HEADER` the owner calls `beginData()`
 * if data subpackets follow; they are then decoded into one reused buffer of `maxSubpacket`
 * bytes, so memory never depends on the input. Every structure may be split across chunks at
 * any byte. Nothing here throws on input.
 *
 * @example
 * ```ts
 * let at = 0;
 * while (at < chunk.length) {
 *   const event = reader.read(chunk, at);
 *   at = reader.consumed;
 *   if (event === EVENT_HEADER && reader.type === ZDATA) reader.beginData();
 *   else if (event === EVENT_SUBPACKET) save(reader.data);
 * }
 * ```
 */
export class FrameReader {
  /** Frame type of the last header. */
  type = 0;
  /** P0..P3 of the last header as one unsigned 32-bit number, P0 lowest. */
  value = 0;
  /** How the last header came: ZBIN, ZHEX or ZBIN32. */
  form = 0;
  /** The last subpacket's data: borrowed, valid until the next `read`. */
  data: Uint8Array = new Uint8Array(0);
  /** The last subpacket's frame end: ZCRCE, ZCRCG, ZCRCQ or ZCRCW. */
  frameEnd = 0;
  /** Why the last bad header or subpacket was bad. */
  problem = "";
  /** Index just past the last byte `read` used. */
  consumed = 0;

  #state = S_HUNT;
  #escaped = false;
  #cans = 0;
  #garbage = 0;
  readonly #maxGarbage: number;
  readonly #max: number;
  readonly #sub: Uint8Array;
  #n = 0;
  #crc32 = false;
  #classes: Uint8Array;
  #escapeControl: boolean;
  /** Header bytes (type, P0..P3, CRC) as decoded; hex digits pair up into it. */
  readonly #hdr = new Uint8Array(9);
  #hdrN = 0;
  #hexHigh = -1;
  readonly #crcBytes = new Uint8Array(4);
  #crcN = 0;
  /** 1: a hex header just ended (a CR may follow); 2: drop one more byte (its LF). */
  #hexTail = 0;

  /** @param options bounds and escaping. */
  constructor(options: FrameReaderOptions = {}) {
    this.#max = options.maxSubpacket ?? MAX_SUBPACKET;
    this.#maxGarbage = options.maxGarbage ?? 1 << 20;
    this.#escapeControl = options.escapeControl ?? false;
    this.#classes = decodeTable(this.#escapeControl);
    this.#sub = new Uint8Array(this.#max + 1);
  }

  /** True while data subpackets are being read. */
  get inData(): boolean {
    return this.#state === S_DATA || this.#state === S_CRC;
  }

  /** Treats raw control bytes as noise from now on (the peer promised to escape them). */
  setEscapeControl(on: boolean): void {
    this.#escapeControl = on;
    this.#classes = decodeTable(on);
  }

  /** Reads data subpackets next, with the CRC of the last header's form. */
  beginData(): void {
    this.#state = S_DATA;
    this.#crc32 = this.form === ZBIN32;
    this.#n = 0;
    this.#escaped = false;
  }

  /** Drops any frame in progress and hunts for the next header. */
  hunt(): void {
    this.#state = S_HUNT;
    this.#hexTail = 0;
    this.#escaped = false;
    this.#garbage = 0;
  }

  /**
   * Parses `bytes` from `at` until one event completes or the bytes run out, and sets
   * `consumed`. Call again from `consumed` until it reaches `bytes.length`.
   */
  read(bytes: Uint8Array, at: number): number {
    const end = bytes.length;
    let i = at;
    while (i < end) {
      if (this.#hexTail !== 0) {
        // After a hex header: CR (either parity) and the byte after it are dropped, as lrzsz
        // does, so a subpacket that follows (ZSINIT, ZFILE from sz -e) starts clean.
        const b = bytes[i]!;
        if (this.#hexTail === 2) {
          this.#hexTail = 0;
          i++;
          continue;
        }
        this.#hexTail = 0;
        if ((b & 0x7f) === 0x0d) {
          this.#hexTail = 2;
          i++;
          continue;
        }
      }
      if (this.#state === S_DATA && !this.#escaped) {
        i = this.#scanData(bytes, i, end);
        if (this.#n > this.#max) {
          this.consumed = i;
          return this.#badSubpacket(`data subpacket longer than ${this.#max} bytes`);
        }
        if (i >= end) break;
      }
      const b = bytes[i++]!;
      if (b === ZDLE) {
        if (++this.#cans >= 5) {
          this.#cans = 0;
          this.hunt();
          this.consumed = i;
          return EVENT_CANCEL;
        }
      } else this.#cans = 0;
      const event = this.#step(b);
      if (event < 0) {
        // The byte was not used: it may start the next header.
        i--;
        this.#cans = 0;
        this.consumed = i;
        return EVENT_BAD_HEADER;
      }
      if (event !== EVENT_NONE) {
        this.consumed = i;
        return event;
      }
    }
    this.consumed = end;
    return EVENT_NONE;
  }

  /** The hot loop: copies plain bytes into the subpacket until a ZDLE, the end or the bound. */
  #scanData(bytes: Uint8Array, i: number, end: number): number {
    const classes = this.#classes;
    const sub = this.#sub;
    let n = this.#n;
    // Each input byte yields at most one data byte, so this bound needs no check per byte.
    const stop = Math.min(end, i + (this.#max + 1 - n));
    const start = i;
    while (i < stop) {
      const b = bytes[i]!;
      const c = classes[b]!;
      if (c === DECODE_PLAIN) sub[n++] = b;
      else if (c === DECODE_DROP) {
        // Raw flow control: noise.
      } else {
        // ZDLE. The common escape (ZDLE then a byte with bits 0x60 = 0x40) is decoded here;
        // frame ends, ZRUB0/1, CAN runs and split escapes take the slow path in #step.
        const next = i + 1 < end ? bytes[i + 1]! : 0;
        if ((next & 0x60) !== 0x40) break;
        sub[n++] = next ^ 0x40;
        i++;
      }
      i++;
    }
    if (i > start) this.#cans = 0;
    this.#n = n;
    return i;
  }

  /** One byte outside the data fast path. Returns an event, or -1 to give the byte back. */
  #step(b: number): number {
    switch (this.#state) {
      case S_HUNT:
        return this.#stepHunt(b);
      case S_PAD: {
        const c = b & 0x7f;
        if (c === ZPAD || isFlowControl(b)) return EVENT_NONE;
        if (c === ZDLE) this.#state = S_IND;
        else return this.#garbageByte();
        return EVENT_NONE;
      }
      case S_IND: {
        const c = b & 0x7f;
        if (isFlowControl(b)) return EVENT_NONE;
        this.#hdrN = 0;
        this.#escaped = false;
        if (c === ZHEX) {
          this.#hexHigh = -1;
          this.#state = S_HEX;
        } else if (c === ZBIN || c === ZBIN32) {
          this.form = c;
          this.#state = S_BIN;
        } else if (c === ZDLE) this.#state = S_HUNT;
        else return this.#garbageByte();
        return EVENT_NONE;
      }
      case S_HEX:
        return this.#stepHex(b);
      case S_BIN:
        return this.#stepBin(b);
      case S_DATA:
        return this.#stepDataEscape(b);
      default:
        return this.#stepCrc(b);
    }
  }

  #stepHunt(b: number): number {
    const c = b & 0x7f;
    if (c === ZPAD) {
      this.#state = S_PAD;
      return EVENT_NONE;
    }
    // CR, LF and XON trail hex headers; they are not garbage.
    if (c === 0x0d || c === 0x0a || c === XON) return EVENT_NONE;
    return this.#garbageByte();
  }

  #garbageByte(): number {
    this.#state = S_HUNT;
    if (++this.#garbage >= this.#maxGarbage) {
      this.#garbage = 0;
      return EVENT_GARBAGE;
    }
    return EVENT_NONE;
  }

  #badHeader(problem: string, giveBack: boolean): number {
    this.problem = problem;
    this.#state = S_HUNT;
    this.#garbage = 0;
    return giveBack ? -1 : EVENT_BAD_HEADER;
  }

  #header(): number {
    const h = this.#hdr;
    this.type = h[0]!;
    this.value = (h[1]! | h[2]! << 8 | h[3]! << 16 | h[4]! << 24) >>> 0;
    this.#state = S_HUNT;
    this.#garbage = 0;
    return EVENT_HEADER;
  }

  // Hex header (§7.3.3): ZPAD ZPAD ZDLE ZHEX, then type P0 P1 P2 P3 CRC-16 as 14 hex digits.
  #stepHex(b: number): number {
    if (isFlowControl(b)) return EVENT_NONE;
    const c = b & 0x7f;
    const v = HEX_VALUE[c]!;
    if (v === NOT_HEX) {
      return this.#badHeader("hex header has a bad digit", c === ZPAD || b === ZDLE);
    }
    if (this.#hexHigh < 0) {
      this.#hexHigh = v;
      return EVENT_NONE;
    }
    this.#hdr[this.#hdrN++] = (this.#hexHigh << 4) | v;
    this.#hexHigh = -1;
    if (this.#hdrN < 7) return EVENT_NONE;
    this.form = ZHEX;
    if (crc16(this.#hdr.subarray(0, 7)) !== 0) return this.#badHeader("hex header CRC", false);
    this.#hexTail = 1;
    return this.#header();
  }

  // Binary header (§7.3.1, §7.3.2): ZPAD ZDLE 'A'|'C', then type P0..P3 and the CRC, escaped.
  #stepBin(b: number): number {
    const v = this.#unescape(b);
    if (v < 0) {
      if (v === -1) return EVENT_NONE;
      return this.#badHeader("binary header has a bad escape", false);
    }
    if (v > 0xff) return this.#badHeader("binary header cut by a frame end", false);
    this.#hdr[this.#hdrN++] = v;
    const want = this.form === ZBIN32 ? 9 : 7;
    if (this.#hdrN < want) return EVENT_NONE;
    const ok = this.form === ZBIN32
      ? crc32(this.#hdr.subarray(0, 5)) ===
        (this.#hdr[5]! | this.#hdr[6]! << 8 | this.#hdr[7]! << 16 | this.#hdr[8]! << 24) >>> 0
      : crc16(this.#hdr.subarray(0, 7)) === 0;
    if (!ok) return this.#badHeader("binary header CRC", false);
    return this.#header();
  }

  /**
   * Decodes one byte of an escaped field: the byte (0–255), a frame end (0x100 | end), -1 for
   * "nothing yet" (escape pending or noise dropped) or -2 for a bad escape.
   */
  #unescape(b: number): number {
    if (!this.#escaped) {
      if (b === ZDLE) {
        this.#escaped = true;
        return -1;
      }
      return this.#classes[b] === DECODE_DROP ? -1 : b;
    }
    if (b === ZDLE) return -1; // part of a CAN run, counted by read()
    if (isFlowControl(b) || (this.#escapeControl && (b & 0x60) === 0)) return -1;
    this.#escaped = false;
    if (b >= ZCRCE && b <= ZCRCW) return 0x100 | b;
    if (b === ZRUB0) return 0x7f;
    if (b === ZRUB1) return 0xff;
    if ((b & 0x60) === 0x40) return b ^ 0x40;
    return -2;
  }

  #badSubpacket(problem: string): number {
    this.problem = problem;
    this.#state = S_HUNT;
    this.#escaped = false;
    this.#garbage = 0;
    return EVENT_BAD_SUBPACKET;
  }

  // Data subpacket (§7.4): escaped data, ZDLE frameEnd, escaped CRC of data + frameEnd.
  #stepDataEscape(b: number): number {
    const v = this.#unescape(b);
    if (v === -1) return EVENT_NONE;
    if (v === -2) return this.#badSubpacket(`bad escape ZDLE 0x${b.toString(16)} in data`);
    if (v > 0xff) {
      this.frameEnd = v & 0xff;
      this.#crcN = 0;
      this.#state = S_CRC;
      return EVENT_NONE;
    }
    if (this.#n >= this.#max) {
      return this.#badSubpacket(`data subpacket longer than ${this.#max} bytes`);
    }
    this.#sub[this.#n++] = v;
    return EVENT_NONE;
  }

  #stepCrc(b: number): number {
    const v = this.#unescape(b);
    if (v === -1) return EVENT_NONE;
    if (v < 0 || v > 0xff) return this.#badSubpacket("bad escape in subpacket CRC");
    this.#crcBytes[this.#crcN++] = v;
    if (this.#crcN < (this.#crc32 ? 4 : 2)) return EVENT_NONE;
    const data = this.#sub.subarray(0, this.#n);
    const c = this.#crcBytes;
    const ok = this.#crc32
      ? crc32Byte(crc32(data), this.frameEnd) ===
        (c[0]! | c[1]! << 8 | c[2]! << 16 | c[3]! << 24) >>> 0
      : crc16Byte(crc16(data), this.frameEnd) === (c[0]! << 8 | c[1]!);
    if (!ok) return this.#badSubpacket("data subpacket CRC");
    this.data = data;
    this.#n = 0;
    this.#state = this.frameEnd === ZCRCG || this.frameEnd === ZCRCQ ? S_DATA : S_HUNT;
    this.#garbage = 0;
    return EVENT_SUBPACKET;
  }
}
