import assert from "node:assert/strict";
import { ByteWriter } from "../bytes/mod.ts";
import { cp437Byte } from "./cp437.ts";
import { cp437GlyphByte, glyphByteLength, writeGlyph } from "./glyphs.ts";
import type { Charset } from "./profile.ts";

function bytes(text: string, charset: Charset): number[] {
  const out = new ByteWriter(4);
  for (const char of text) writeGlyph(out, char.codePointAt(0)!, charset);
  return [...out.view()];
}

Deno.test("ASCII is itself in both charsets", () => {
  assert.deepEqual(bytes("Hi ~", "cp437"), [0x48, 0x69, 0x20, 0x7e]);
  assert.deepEqual(bytes("Hi ~", "utf8"), [0x48, 0x69, 0x20, 0x7e]);
});

Deno.test("cp437: box drawing, accents and shading are single bytes", () => {
  assert.deepEqual(bytes("░▒▓█│┌é", "cp437"), [0xb0, 0xb1, 0xb2, 0xdb, 0xb3, 0xda, 0x82]);
});

Deno.test("utf8: glyphs are their UTF-8 bytes, up to four", () => {
  assert.deepEqual(bytes("é€", "utf8"), [0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  assert.deepEqual(bytes("😀", "utf8"), [0xf0, 0x9f, 0x98, 0x80]);
});

Deno.test("cp437: a character CP437 lacks becomes ?", () => {
  assert.deepEqual(bytes("€✓😀", "cp437"), [0x3f, 0x3f, 0x3f]);
});

Deno.test("cp437: control-range glyphs go raw, except bytes terminals act on", () => {
  assert.deepEqual(bytes("☺♥►↕▲▼∟", "cp437"), [0x01, 0x03, 0x10, 0x12, 0x1e, 0x1f, 0x1c]);
  // • ◘ ○ ◙ ♂ ♀ ♪ are BEL, BS, HT, LF, VT, FF, CR; ← is ESC.
  assert.deepEqual(bytes("•◘○◙♂♀♪←", "cp437"), Array(8).fill(0x3f));
  assert.deepEqual(bytes("\x00\x07\r\n\x1b", "cp437"), Array(5).fill(0x3f));
});

Deno.test("utf8: controls, C1 and lone surrogates become ?", () => {
  assert.deepEqual(bytes("\x00\x1b\r\x7f\x85", "utf8"), Array(5).fill(0x3f));
  const out = new ByteWriter(4);
  writeGlyph(out, 0xd800, "utf8");
  writeGlyph(out, 0x110000, "utf8");
  assert.deepEqual([...out.view()], [0x3f, 0x3f]);
});

Deno.test("cp437: NBSP is one raw 0xFF byte; the telnet layer doubles it, not the encoder", () => {
  assert.deepEqual(bytes("\u00a0", "cp437"), [0xff]);
  assert.deepEqual(bytes("\u00a0", "utf8"), [0xc2, 0xa0]);
});

Deno.test("the CP437 table agrees with cp437Byte wherever the byte is shown", () => {
  const actedOn = new Set([0x00, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);
  for (let cp = 0; cp < 0x10000; cp++) {
    const byte = cp437Byte(cp);
    const expected = byte === undefined || actedOn.has(byte) ? 0x3f : byte;
    if (cp437GlyphByte(cp) !== expected) assert.fail(`U+${cp.toString(16)}`);
  }
});

Deno.test("glyphByteLength matches what writeGlyph writes", () => {
  const points = [0, 0x41, 0x7f, 0x85, 0xa0, 0x7ff, 0x800, 0x2591, 0xd800, 0xffff, 0x10000];
  points.push(0x1f600, 0x10ffff, 0x110000);
  for (const charset of ["cp437", "utf8"] as const) {
    for (const cp of points) {
      const out = new ByteWriter(4);
      writeGlyph(out, cp, charset);
      assert.equal(glyphByteLength(cp, charset), out.length, `U+${cp.toString(16)} ${charset}`);
    }
  }
});
