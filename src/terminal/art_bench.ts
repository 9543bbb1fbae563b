/**
 * ANSI art hot paths on a generated 100 KB art file (80-column rows of shade blocks, half
 * blocks and box drawing, an SGR change every 2–6 cells, CR LF line ends):
 * - `cp437→utf8`: `writeCp437AsUtf8` against the string round trip it replaces (baseline).
 * - `sauce`: `parseSauce` + `stripSauce` on a 100 KB file with comments against a 1 KB one
 *   (baseline): the ratio should stay near 1, since only the trailer is read.
 * - `readAnsiArt`: drawing the same art onto a canvas.
 *
 * MB/s = 0.1 / (time per iteration in seconds).
 *
 * @module
 */

import { ByteWriter } from "../bytes/mod.ts";
import { readAnsiArt } from "./ansi_art.ts";
import { decodeCp437Glyphs } from "./cp437.ts";
import { writeCp437AsUtf8 } from "./cp437_utf8.ts";
import { parseSauce, stripSauce } from "./sauce.ts";

const SIZE = 100 * 1024;

/** Deterministic art: each row is 80 cells in runs of one glyph and one colour. */
function makeArt(size: number): Uint8Array {
  let seed = 1;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
  // ░ ▒ ▓ █ ▀ ▄ ▌ ▐ ─ │ ┌ ┐ └ ┘ ═ ║ ╔ ╗ and space
  const glyphs = [
    0xb0,
    0xb1,
    0xb2,
    0xdb,
    0xdf,
    0xdc,
    0xdd,
    0xde,
    0xc4,
    0xb3,
    0xda,
    0xbf,
    0xc0,
    0xd9,
    0xcd,
    0xba,
    0xc9,
    0xbb,
    0x20,
  ];
  const out = new ByteWriter(size + 1024);
  while (out.length < size) {
    let column = 0;
    while (column < 80) {
      const run = Math.min(80 - column, 2 + random(5));
      if (random(3) === 0) {
        out.latin1(`\x1b[0;${random(2) ? "1;" : ""}3${random(8)};4${random(8)}m`);
      } else out.latin1(`\x1b[3${random(8)}m`);
      const glyph = glyphs[random(glyphs.length)]!;
      for (let i = 0; i < run; i++) out.byte(glyph);
      column += run;
    }
    out.latin1("\x1b[0m\r\n");
  }
  return out.view().slice(0, size);
}

/** The art, an EOF marker, 4 comment lines and a SAUCE00 record. */
function withSauce(art: Uint8Array): Uint8Array {
  const trailer = new Uint8Array(1 + 5 + 4 * 64 + 128).fill(0x20);
  trailer[0] = 0x1a;
  trailer.set(new TextEncoder().encode("COMNT"), 1);
  const record = trailer.subarray(trailer.length - 128);
  record.set(new TextEncoder().encode("SAUCE00Bench art"), 0);
  const data = new DataView(record.buffer, record.byteOffset, 128);
  data.setUint32(90, art.length, true);
  record[94] = 1;
  record[95] = 1;
  data.setUint16(96, 80, true);
  record[104] = 4;
  record[105] = 1;
  record.fill(0, 106);
  const file = new Uint8Array(art.length + trailer.length);
  file.set(art);
  file.set(trailer, art.length);
  return file;
}

const art = makeArt(SIZE);
const file = withSauce(art);
const smallFile = withSauce(art.subarray(0, 1024));
const out = new ByteWriter(SIZE * 3);
const encoder = new TextEncoder();

Deno.bench("string round trip (decodeCp437Glyphs + TextEncoder)", {
  group: "cp437→utf8",
  baseline: true,
}, () => {
  encoder.encode(decodeCp437Glyphs(art));
});

Deno.bench("writeCp437AsUtf8, 100 KB", { group: "cp437→utf8" }, () => {
  out.clear(SIZE * 4);
  writeCp437AsUtf8(art, out);
});

Deno.bench("parseSauce + stripSauce, 1 KB file", { group: "sauce", baseline: true }, () => {
  parseSauce(smallFile);
  stripSauce(smallFile);
});

Deno.bench("parseSauce + stripSauce, 100 KB file", { group: "sauce" }, () => {
  parseSauce(file);
  stripSauce(file);
});

Deno.bench("readAnsiArt, 100 KB", { group: "readAnsiArt" }, () => {
  readAnsiArt(art);
});
