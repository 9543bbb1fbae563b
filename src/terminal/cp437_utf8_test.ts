import assert from "node:assert/strict";
import { ByteWriter } from "../bytes/mod.ts";
import { CP437_TO_UNICODE } from "./cp437.ts";
import { writeCp437AsUtf8 } from "./cp437_utf8.ts";

/** The slow, obvious conversion: decode through the table (controls kept), then encode. */
function expected(bytes: Uint8Array): Uint8Array {
  let text = "";
  for (const b of bytes) {
    text += b < 0x20 || b === 0x7f ? String.fromCharCode(b) : CP437_TO_UNICODE[b]!;
  }
  return new TextEncoder().encode(text);
}

function converted(bytes: Uint8Array, out = new ByteWriter()): Uint8Array {
  writeCp437AsUtf8(bytes, out);
  return out.view().slice();
}

Deno.test("each of the 256 bytes becomes its glyph's UTF-8, controls kept as controls", () => {
  for (let b = 0; b < 256; b++) {
    assert.deepEqual(converted(Uint8Array.of(b)), expected(Uint8Array.of(b)), `byte ${b}`);
  }
  const all = Uint8Array.from({ length: 256 }, (_, b) => b);
  assert.deepEqual(converted(all), expected(all));
  assert.deepEqual(
    converted(Uint8Array.of(0x1b, 0x5b, 0x6d, 0x0d, 0x0a, 0x7f)),
    Uint8Array.of(
      0x1b,
      0x5b,
      0x6d,
      0x0d,
      0x0a,
      0x7f,
    ),
  );
  assert.equal(new TextDecoder().decode(converted(Uint8Array.of(0xdb, 0x82, 0xff))), "█é\u00a0");
});

Deno.test("random data of any length converts like the table, across chunk boundaries", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
  for (const length of [0, 1, 2, 3, 100, 16383, 16384, 16385, 50_000, 100_000]) {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = random() & 0xff;
    assert.deepEqual(converted(bytes), expected(bytes), `length ${length}`);
  }
});

Deno.test("output is appended after what the writer already holds", () => {
  const out = new ByteWriter(4);
  out.latin1("> ");
  writeCp437AsUtf8(Uint8Array.of(0xb0, 0x41), out);
  assert.equal(new TextDecoder().decode(out.view()), "> ░A");
});
