import assert from "node:assert/strict";
import {
  allocateCells,
  BLUE,
  BOLD,
  BRIGHT,
  PLAIN,
  rgb,
  RGB_FLAG,
  Screen,
  WHITE,
} from "./screen.ts";

const TITLE = { fg: WHITE + BRIGHT, bg: BLUE, flags: BOLD };

Deno.test("a new screen is blank light grey on black", () => {
  const screen = new Screen(4, 2);
  assert.deepEqual([...screen.glyphs], Array(8).fill(0x20));
  assert.deepEqual([...screen.fg], Array(8).fill(PLAIN.fg));
  assert.deepEqual([...screen.bg], Array(8).fill(PLAIN.bg));
});

Deno.test("write clips at the right edge and counts code points, not UTF-16 units", () => {
  const screen = new Screen(5, 1);
  assert.equal(screen.write(2, 0, "a😀bcd", TITLE), 5);
  assert.deepEqual([...screen.glyphs], [0x20, 0x20, 0x61, 0x1f600, 0x62]);
  assert.equal(screen.fg[2], WHITE + BRIGHT);
  assert.equal(screen.flags[4], BOLD);
});

Deno.test("fill is clipped to the screen", () => {
  const screen = new Screen(3, 3);
  screen.fill(-1, 1, 10, 10, 0x2588, TITLE);
  assert.deepEqual([...screen.glyphs], [
    0x20,
    0x20,
    0x20,
    0x2588,
    0x2588,
    0x2588,
    0x2588,
    0x2588,
    0x2588,
  ]);
});

Deno.test("copyFrom copies cells and cursor between equal sizes only", () => {
  const a = new Screen(2, 2);
  a.put(1, 1, 0x41, { fg: rgb(1, 2, 3), bg: 0, flags: 0 });
  a.cursorX = 1;
  const b = new Screen(2, 2);
  b.copyFrom(a);
  assert.equal(b.glyphs[3], 0x41);
  assert.equal(b.fg[3], RGB_FLAG | 0x010203);
  assert.equal(b.cursorX, 1);
  assert.throws(() => new Screen(3, 2).copyFrom(a), RangeError);
});

Deno.test("draw copies a smaller or larger screen clipped at the edges", () => {
  const art = new Screen(3, 2);
  art.write(0, 0, "abc", TITLE);
  art.write(0, 1, "def", PLAIN);
  const screen = new Screen(4, 3);
  screen.draw(art, 2, 1);
  assert.equal(String.fromCodePoint(...screen.glyphs), "    " + "  ab" + "  de");
  assert.equal(screen.fg[6], TITLE.fg);
  const small = new Screen(2, 1);
  small.draw(art, -1, 0);
  assert.equal(String.fromCodePoint(...small.glyphs), "bc");
});

Deno.test("a screen over given arrays keeps them as they are; other sizes are refused", () => {
  const cells = allocateCells(6);
  cells.glyphs.fill(0x41);
  const screen = new Screen(3, 2, cells);
  assert.equal(screen.glyphs, cells.glyphs);
  assert.equal(screen.glyphs[5], 0x41, "not blanked");
  assert.throws(() => new Screen(3, 3, cells), RangeError);
  assert.throws(
    () => new Screen(3, 2, { ...allocateCells(6), flags: new Uint8Array(5) }),
    RangeError,
  );
});
