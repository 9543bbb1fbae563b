/**
 * Writing ZMODEM data subpackets (zmodem.txt §7.4). Reading them is {@linkcode FrameReader}'s
 * job.
 *
 * @module
 */

import type { ByteWriter } from "../../bytes/mod.ts";
import { crc16, crc16Byte, crc32, crc32Byte } from "./crc.ts";
import { ZDLE } from "./constants.ts";
import type { ZdleEncoder } from "./zdle.ts";

/**
 * Appends one data subpacket:
 *
 * ```
 * data (ZDLE-escaped)  ZDLE frameEnd  CRC (escaped)
 *   CRC-16: over data + frameEnd, high byte first   (after a ZBIN or hex header)
 *   CRC-32: over data + frameEnd, low byte first    (after a ZBIN32 header)
 * frameEnd: ZCRCE (frame ends, header follows) · ZCRCG (continues nonstop)
 *           ZCRCQ (continues, ZACK expected)   · ZCRCW (ends, ZACK expected)
 * ```
 *
 * @example
 * ```ts
 * writeSubpacket(out, chunk, ZCRCG, { crc32: true, encoder });
 * ```
 */
export function writeSubpacket(
  out: ByteWriter,
  data: Uint8Array,
  frameEnd: number,
  options: { crc32: boolean; encoder: ZdleEncoder },
): void {
  const { encoder } = options;
  encoder.escape(data, out);
  out.byte(ZDLE).byte(frameEnd);
  encoder.sentRaw(frameEnd);
  if (options.crc32) {
    const crc = crc32Byte(crc32(data), frameEnd);
    encoder.escapeByte(crc & 0xff, out);
    encoder.escapeByte((crc >>> 8) & 0xff, out);
    encoder.escapeByte((crc >>> 16) & 0xff, out);
    encoder.escapeByte(crc >>> 24, out);
  } else {
    const crc = crc16Byte(crc16(data), frameEnd);
    encoder.escapeByte(crc >>> 8, out);
    encoder.escapeByte(crc & 0xff, out);
  }
}
