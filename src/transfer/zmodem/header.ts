/**
 * Writing ZMODEM headers (zmodem.txt §7.3). Reading them is {@linkcode FrameReader}'s job.
 *
 * A header is a frame type and four data bytes P0..P3. Positions are little-endian in
 * P0..P3; flags are numbered from the other end (ZF0 = P3). Here the four bytes travel as one
 * unsigned 32-bit number whose low byte is P0, so a position is just the number and flags
 * come from {@linkcode flagsValue}.
 *
 * @module
 */

import type { ByteWriter } from "../../bytes/mod.ts";
import { crc16, crc16Byte, crc32 } from "./crc.ts";
import { CR, LF, XON, ZACK, ZBIN, ZBIN32, ZDLE, ZFIN, ZHEX, ZPAD } from "./constants.ts";
import type { ZdleEncoder } from "./zdle.ts";

const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
const scratch = new Uint8Array(5);

/**
 * The 32-bit header value for flags ZF0..ZF3 (ZF0 lands in P3).
 *
 * @example
 * ```ts
 * flagsValue(CANFDX | CANOVIO | CANFC32); // ZRINIT's ZF0, buffer size 0
 * ```
 */
export function flagsValue(zf0: number, zf1 = 0, zf2 = 0, zf3 = 0): number {
  return ((zf0 & 0xff) << 24 | (zf1 & 0xff) << 16 | (zf2 & 0xff) << 8 | (zf3 & 0xff)) >>> 0;
}

function fillScratch(type: number, value: number): Uint8Array {
  scratch[0] = type;
  scratch[1] = value & 0xff;
  scratch[2] = (value >>> 8) & 0xff;
  scratch[3] = (value >>> 16) & 0xff;
  scratch[4] = (value >>> 24) & 0xff;
  return scratch;
}

function hex(out: ByteWriter, b: number): void {
  out.byte(HEX_DIGITS[b >>> 4]!).byte(HEX_DIGITS[b & 15]!);
}

/**
 * Appends a hex header (§7.3.3), the form a receiver sends and every side can read:
 *
 * ```
 * ZPAD ZPAD ZDLE ZHEX  type(2 hex)  P0 P1 P2 P3 (8 hex)  CRC-16 high, low (4 hex)  CR LF|0x80 [XON]
 * ```
 *
 * Hex digits are lower case (upper case false-triggers XMODEM). XON follows unless the type is
 * ZACK or ZFIN.
 */
export function writeHexHeader(out: ByteWriter, type: number, value: number): void {
  const bytes = fillScratch(type, value);
  out.byte(ZPAD).byte(ZPAD).byte(ZDLE).byte(ZHEX);
  let crc = 0;
  for (let i = 0; i < 5; i++) {
    hex(out, bytes[i]!);
    crc = crc16Byte(crc, bytes[i]!);
  }
  hex(out, crc >>> 8);
  hex(out, crc & 0xff);
  out.byte(CR).byte(LF | 0x80);
  if (type !== ZACK && type !== ZFIN) out.byte(XON);
}

/**
 * Appends a binary header, the form a sender uses before data subpackets:
 *
 * ```
 * ZBIN   (§7.3.1): ZPAD ZDLE 'A' type P0 P1 P2 P3 CRC-16 high, low        (all after 'A' escaped)
 * ZBIN32 (§7.3.2): ZPAD ZDLE 'C' type P0 P1 P2 P3 CRC-32 low … high      (all after 'C' escaped)
 * ```
 */
export function writeBinaryHeader(
  out: ByteWriter,
  type: number,
  value: number,
  options: { crc32: boolean; encoder: ZdleEncoder },
): void {
  const bytes = fillScratch(type, value);
  const { encoder } = options;
  out.byte(ZPAD).byte(ZDLE).byte(options.crc32 ? ZBIN32 : ZBIN);
  encoder.sentRaw(options.crc32 ? ZBIN32 : ZBIN);
  for (let i = 0; i < 5; i++) encoder.escapeByte(bytes[i]!, out);
  if (options.crc32) {
    const crc = crc32(bytes);
    for (let i = 0; i < 4; i++) encoder.escapeByte((crc >>> (8 * i)) & 0xff, out);
  } else {
    const crc = crc16(bytes);
    encoder.escapeByte(crc >>> 8, out);
    encoder.escapeByte(crc & 0xff, out);
  }
}
