/**
 * Glyph encoding for output: one screen cell's code point to the bytes a caller's terminal
 * prints as that glyph, in CP437 or UTF-8. Whatever cannot be shown safely becomes `?`.
 *
 * Bytes are written raw: CP437 NBSP is the byte 0xFF, which telnet reads as IAC. Escaping is
 * the transport's job (telnet's `writeEscaped` doubles it; SSH or WebSocket would not), so the
 * same bytes serve every transport.
 *
 * @module
 */

import type { ByteWriter } from "../bytes/mod.ts";
import { CP437_REPLACEMENT, CP437_TO_UNICODE } from "./cp437.ts";
import type { Charset } from "./profile.ts";

/**
 * CP437 bytes that ANSI-BBS terminals act on rather than show (NUL, BEL, BS, HT, LF, VT, FF,
 * CR, ESC), so a glyph with one of these bytes (•, ◘, ○, ◙, ♂, ♀, ♪, ←) is sent as `?`. The
 * other control-range glyphs (☺ ♥ ► …) are sent as their raw byte, which BBS terminals show
 * (ANSI-BBS, ansi-bbs.org/ansi-bbs-core-server.html "Font issues").
 */
const INTERPRETED_CONTROLS = [0x00, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b];

/** The byte to send for each BMP code point in CP437 mode; `?` where there is none. */
const CP437_GLYPH_BYTE = buildCp437Table();

function buildCp437Table(): Uint8Array {
  const table = new Uint8Array(0x10000).fill(CP437_REPLACEMENT);
  // Lowest byte wins for a character listed twice, as cp437Byte() does.
  for (let byte = 0xff; byte >= 0; byte--) table[CP437_TO_UNICODE[byte]!.charCodeAt(0)] = byte;
  // A control code point in a cell means its byte, the way cp437Byte() reads it.
  for (let byte = 0; byte < 0x20; byte++) table[byte] = byte;
  table[0x7f] = 0x7f;
  const interpreted = new Uint8Array(256);
  for (const byte of INTERPRETED_CONTROLS) interpreted[byte] = 1;
  for (let cp = 0; cp < 0x10000; cp++) {
    if (interpreted[table[cp]!]) table[cp] = CP437_REPLACEMENT;
  }
  return table;
}

/** `?` for code points a UTF-8 terminal would act on (C0, DEL, C1) or cannot decode. */
const QUESTION = 0x3f;

/**
 * The byte that shows `codePoint` on a CP437 terminal: its CP437 byte, or `?` when CP437 has
 * no such character or the byte is a control the terminal would act on.
 *
 * @example
 * ```ts
 * cp437GlyphByte(0x2591); // 0xb0 (░)
 * cp437GlyphByte(0x263a); // 0x01 (☺, shown by BBS terminals)
 * cp437GlyphByte(0x20ac); // 0x3f (€ is not in CP437)
 * ```
 */
export function cp437GlyphByte(codePoint: number): number {
  return codePoint < 0x10000 ? CP437_GLYPH_BYTE[codePoint]! : CP437_REPLACEMENT;
}

/**
 * Appends the UTF-8 bytes of `codePoint`; controls (C0, DEL, C1), lone surrogates and values
 * past U+10FFFF are written as `?`.
 */
export function writeUtf8Glyph(out: ByteWriter, codePoint: number): void {
  if (codePoint < 0x80) {
    out.byte(codePoint >= 0x20 && codePoint !== 0x7f ? codePoint : QUESTION);
  } else if (codePoint < 0x800) {
    if (codePoint < 0xa0) out.byte(QUESTION);
    else out.byte(0xc0 | (codePoint >> 6)).byte(0x80 | (codePoint & 0x3f));
  } else if (codePoint < 0x10000) {
    if (codePoint >= 0xd800 && codePoint < 0xe000) out.byte(QUESTION);
    else {
      out.byte(0xe0 | (codePoint >> 12)).byte(0x80 | ((codePoint >> 6) & 0x3f))
        .byte(0x80 | (codePoint & 0x3f));
    }
  } else if (codePoint < 0x110000) {
    out.byte(0xf0 | (codePoint >> 18)).byte(0x80 | ((codePoint >> 12) & 0x3f))
      .byte(0x80 | ((codePoint >> 6) & 0x3f)).byte(0x80 | (codePoint & 0x3f));
  } else {
    out.byte(QUESTION);
  }
}

/**
 * Appends the bytes that show `codePoint` in `charset`.
 *
 * @example
 * ```ts
 * writeGlyph(out, "é".codePointAt(0)!, "cp437"); // 0x82
 * writeGlyph(out, "é".codePointAt(0)!, "utf8"); // 0xc3 0xa9
 * ```
 */
export function writeGlyph(out: ByteWriter, codePoint: number, charset: Charset): void {
  if (charset === "cp437") out.byte(cp437GlyphByte(codePoint));
  else writeUtf8Glyph(out, codePoint);
}

/** How many bytes `writeGlyph` appends for `codePoint` in `charset`. */
export function glyphByteLength(codePoint: number, charset: Charset): number {
  if (charset === "cp437" || codePoint < 0xa0) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return codePoint >= 0xd800 && codePoint < 0xe000 ? 1 : 3;
  return codePoint < 0x110000 ? 4 : 1;
}
