/**
 * CP437 byte streams to UTF-8 without reinterpreting them: a per-byte table lookup for sending
 * plain CP437 text, or whole art files, to callers whose terminals speak UTF-8.
 *
 * @module
 */

import type { ByteWriter } from "../bytes/mod.ts";
import { CP437_TO_UNICODE } from "./cp437.ts";

/** UTF-8 of each byte's character, 3 slots per byte (unused slots 0). */
const UTF8 = new Uint8Array(256 * 3);
/** How many of a byte's 3 slots are its UTF-8. */
const UTF8_LENGTH = new Uint8Array(256);
{
  const encoder = new TextEncoder();
  for (let b = 0; b < 256; b++) {
    // 0x00–0x1F and 0x7F stay controls: in art streams they carry ESC sequences and line ends.
    const char = b < 0x20 || b === 0x7f ? String.fromCharCode(b) : CP437_TO_UNICODE[b]!;
    const utf8 = encoder.encode(char);
    UTF8.set(utf8, b * 3);
    UTF8_LENGTH[b] = utf8.length;
  }
}

/** Input bytes converted per pass; the scratch output holds 3 bytes for each. */
const CHUNK = 16384;
const scratch = new Uint8Array(CHUNK * 3);

/**
 * Appends `bytes`, read as CP437, to `out` as UTF-8. Bytes 0x00–0x1F and 0x7F are copied as the
 * controls they are (ESC, CR, LF…), so ANSI sequences pass through; everything else becomes its
 * CP437 glyph (0xDB → █, 0x82 → é).
 *
 * @example
 * ```ts
 * const out = new ByteWriter();
 * writeCp437AsUtf8(stripSauce(await Deno.readFile("welcome.ans")), out);
 * await conn.write(out.view());
 * ```
 */
export function writeCp437AsUtf8(bytes: Uint8Array, out: ByteWriter): void {
  const table = UTF8;
  const lengths = UTF8_LENGTH;
  const n = bytes.length;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    let at = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b < 0x80) {
        scratch[at++] = b;
      } else {
        // Always copy 3 bytes and advance by the real length: no branch on the length.
        const t = b * 3;
        scratch[at] = table[t]!;
        scratch[at + 1] = table[t + 1]!;
        scratch[at + 2] = table[t + 2]!;
        at += lengths[b]!;
      }
    }
    out.bytes(scratch.subarray(0, at));
  }
}
