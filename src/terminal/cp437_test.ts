import assert from "node:assert/strict";
import { ByteWriter } from "../bytes/mod.ts";
import {
  CP437_TO_UNICODE,
  cp437Byte,
  decodeCp437Glyphs,
  decodeCp437Text,
  encodeCp437,
  isCp437Text,
  writeCp437,
} from "./cp437.ts";

Deno.test("every one of the 256 code points has a distinct single character", () => {
  assert.equal(CP437_TO_UNICODE.length, 256);
  const seen = new Set<string>();
  for (const glyph of CP437_TO_UNICODE) {
    assert.equal(glyph.length, 1);
    seen.add(glyph);
  }
  assert.equal(seen.size, 256);
});

Deno.test("glyphs map back to their byte, landmarks included", () => {
  for (let byte = 0x20; byte < 0x100; byte++) {
    assert.equal(cp437Byte(CP437_TO_UNICODE[byte]!.charCodeAt(0)), byte);
  }
  assert.equal(cp437Byte("☺".charCodeAt(0)), 0x01);
  assert.equal(cp437Byte("é".charCodeAt(0)), 0x82);
  assert.equal(cp437Byte("░".charCodeAt(0)), 0xb0);
  assert.equal(cp437Byte("█".charCodeAt(0)), 0xdb);
  assert.equal(cp437Byte("ⁿ".charCodeAt(0)), 0xfc);
  assert.equal(cp437Byte("€".charCodeAt(0)), undefined);
});

Deno.test("ASCII controls keep their meaning when encoding text", () => {
  assert.equal(cp437Byte(0x0d), 0x0d);
  assert.equal(cp437Byte(0x1b), 0x1b);
});

Deno.test("decoding shows control-range glyphs", () => {
  assert.equal(decodeCp437Glyphs(Uint8Array.of(0x01, 0x41, 0x82, 0xdb)), "☺Aé█");
  assert.ok(isCp437Text("Zoë ░▒▓"));
  assert.ok(!isCp437Text("Zoë€"));
});

Deno.test("text streams keep their controls and round-trip through CP437", () => {
  const bytes = Uint8Array.of(0x1b, 0x5b, 0x31, 0x6d, 0xdb, 0x0d, 0x0a, 0x82, 0x01);
  const text = decodeCp437Text(bytes);
  assert.equal(text, "\x1b[1m█\r\né\x01");
  assert.deepEqual(encodeCp437(text), bytes);
  assert.deepEqual(encodeCp437("€😀a"), Uint8Array.of(0x3f, 0x3f, 0x61));
});

Deno.test("writeCp437 appends raw bytes after what is there (0xFF is not doubled here)", () => {
  const out = new ByteWriter(2);
  out.byte(0x41);
  writeCp437(out, "é\u00a0░😀");
  assert.deepEqual([...out.view()], [0x41, 0x82, 0xff, 0xb0, 0x3f]);
});
