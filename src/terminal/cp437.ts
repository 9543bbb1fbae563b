/**
 * Code page 437, the IBM PC character set that classic BBS terminals speak, mapped to and from
 * Unicode for all 256 code points, the control-range glyphs (☺ ♥ ♪ ► …) included.
 *
 * @module
 */

import type { ByteWriter } from "../bytes/mod.ts";

/** Unicode for each CP437 byte, 0x00–0xFF, with glyphs (not controls) for 0x00–0x1F and 0x7F. */
export const CP437_TO_UNICODE: readonly string[] = Object.freeze([
  ..."\u0000☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼",
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)),
  ..."⌂ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»",
  ..."░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀",
  ..."αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0",
]);

/** CP437 byte for each Unicode code point that has one (both the glyph and the control sense). */
const UNICODE_TO_CP437 = new Map<number, number>();
for (let byte = 0xff; byte >= 0; byte--) {
  UNICODE_TO_CP437.set(CP437_TO_UNICODE[byte]!.charCodeAt(0), byte);
}
// The control range keeps its control meaning in text (CR, LF, ESC…), so plain ASCII maps to itself.
for (let byte = 0; byte < 0x20; byte++) UNICODE_TO_CP437.set(byte, byte);
UNICODE_TO_CP437.set(0x7f, 0x7f);

/** The byte printed for a character CP437 cannot show. */
export const CP437_REPLACEMENT = 0x3f; // "?"

/**
 * The CP437 byte for a Unicode code point, or `undefined` when CP437 has no such character.
 *
 * @example
 * ```ts
 * cp437Byte("é".codePointAt(0)!); // 0x82
 * ```
 */
export function cp437Byte(codePoint: number): number | undefined {
  return codePoint < 0x7f ? codePoint : UNICODE_TO_CP437.get(codePoint);
}

/** True when every character of `text` exists in CP437. */
export function isCp437Text(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (cp437Byte(text.charCodeAt(i)) === undefined) return false;
  }
  return true;
}

/** Decodes CP437 bytes to a string, mapping 0x00–0x1F and 0x7F to their glyphs. */
export function decodeCp437Glyphs(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += CP437_TO_UNICODE[bytes[i]!]!;
  return text;
}

/**
 * Decodes a CP437 byte stream that carries text and escape sequences: 0x00–0x1F and 0x7F keep
 * their control meaning (CR, LF, ESC …); every other byte becomes its glyph.
 */
export function decodeCp437Text(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    text += b < 0x20 || b === 0x7f ? String.fromCharCode(b) : CP437_TO_UNICODE[b]!;
  }
  return text;
}

/**
 * Appends `text` to `out` as CP437 bytes; a character CP437 lacks becomes `?` (one per code
 * point). The bytes are raw: NBSP is 0xFF, telnet's IAC, which the transport escapes.
 */
export function writeCp437(out: ByteWriter, text: string): void {
  out.advance(encodeInto(text, out.room(text.length)));
}

/** Encodes text as CP437 bytes, as `writeCp437` appends them. */
export function encodeCp437(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  return bytes.subarray(0, encodeInto(text, bytes));
}

/** Stores the CP437 bytes of `text` at the start of `bytes` (room for `text.length`). */
function encodeInto(text: string, bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes[n++] = c;
      continue;
    }
    // A surrogate pair is one character CP437 cannot show.
    if (c >= 0xd800 && c < 0xdc00) i++;
    bytes[n++] = UNICODE_TO_CP437.get(c) ?? CP437_REPLACEMENT;
  }
  return n;
}
