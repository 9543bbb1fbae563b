import assert from "node:assert/strict";
import { ByteWriter } from "../bytes/mod.ts";
import type { ColorMode } from "./profile.ts";
import { Renderer, type RendererOptions } from "./renderer.ts";
import { PLAIN, RED, Screen, type Style } from "./screen.ts";

const latin1 = new TextDecoder("latin1");
const CLEAR = "\x1b[0m\x1b[2J\x1b[H";
const RED_TEXT: Style = { fg: RED, bg: 0, flags: 0 };

function screen(width: number, height: number, draw: (s: Screen) => void = () => {}): Screen {
  const s = new Screen(width, height);
  draw(s);
  return s;
}

function options(width: number, height: number, color: ColorMode = "dos"): RendererOptions {
  return { width, height, charset: "cp437", color, iceColors: true };
}

/** What the renderer sends to go from `before` (already shown) to `after`. */
function diff(before: Screen, after: Screen, color: ColorMode = "dos"): string {
  const renderer = new Renderer(options(before.width, before.height, color));
  const out = new ByteWriter();
  renderer.render(before, out);
  out.clear();
  renderer.render(after, out);
  return latin1.decode(out.view());
}

function at(x: number, y: number): (s: Screen) => void {
  return (s) => {
    s.cursorX = x;
    s.cursorY = y;
  };
}

Deno.test("the first render resets, clears and homes, then draws only what is not blank", () => {
  const renderer = new Renderer(options(10, 3));
  const out = new ByteWriter();
  renderer.render(screen(10, 3), out);
  assert.equal(latin1.decode(out.view()), CLEAR);
  out.clear();
  renderer.invalidate();
  renderer.render(screen(10, 3, (s) => s.write(2, 1, "Hi", PLAIN)), out);
  // CR LF and two re-printed blanks (4 bytes) beat CUP 2;3 (6 bytes).
  assert.equal(latin1.decode(out.view()), CLEAR + "\r\n  Hi\x1b[H");
});

Deno.test("rendering the same screen again writes nothing", () => {
  const s = screen(20, 5, (s) => {
    s.write(3, 2, "Same", RED_TEXT);
    at(7, 2)(s);
  });
  assert.equal(diff(s, s), "");
});

Deno.test("a one-cell change is a short move, the glyph, and a re-print back to the cursor", () => {
  const before = screen(20, 2, (s) => {
    s.write(0, 0, "Hello", PLAIN);
    at(5, 0)(s);
  });
  const after = screen(20, 2, (s) => {
    s.write(0, 0, "Hallo", PLAIN);
    at(5, 0)(s);
  });
  // CUB 4 (4 bytes) to reach it; "llo" (3 bytes) beats CUF 3 (4 bytes) to come back.
  assert.equal(diff(before, after), "\x1b[4Dallo");
});

Deno.test("unchanged cells between changes are re-printed only when the pen already fits", () => {
  const plainGap = screen(20, 2, (s) => {
    s.write(0, 0, "abcd", PLAIN);
    at(4, 0)(s);
  });
  const plainAfter = screen(20, 2, (s) => {
    s.write(0, 0, "AbcD", PLAIN);
    at(4, 0)(s);
  });
  assert.equal(diff(plainGap, plainAfter), "\x1b[HAbcD");
  const redGap = screen(20, 2, (s) => {
    s.write(0, 0, "abcd", PLAIN);
    s.write(1, 0, "bc", RED_TEXT);
    at(4, 0)(s);
  });
  const redAfter = screen(20, 2, (s) => {
    s.copyFrom(redGap);
    s.write(0, 0, "A", PLAIN);
    s.write(3, 0, "D", PLAIN);
  });
  assert.equal(diff(redGap, redAfter), "\x1b[HA\x1b[2CD");
});

Deno.test("a long gap is jumped with CUF", () => {
  const before = screen(40, 2, at(0, 1));
  const after = screen(40, 2, (s) => {
    s.write(0, 0, "A", PLAIN);
    s.write(20, 0, "B", PLAIN);
    at(21, 0)(s);
  });
  assert.equal(diff(before, after), "\x1b[HA\x1b[19CB");
});

Deno.test("CR LF starts the next row; CUU climbs in the same column", () => {
  const before = screen(20, 8, at(3, 2));
  const after = screen(20, 8, (s) => {
    s.write(0, 2, "x", PLAIN);
    s.write(0, 3, "y", PLAIN);
    s.write(2, 5, "z", PLAIN);
    at(3, 2)(s);
  });
  // (3,2) → (0,2): BS BS BS; x; (1,2) → (0,3): CR LF; y; (1,3) → (2,5): CUD 2 and one
  // re-printed blank (5 bytes) against CUP (6); z; (3,5) → (3,2): CUU 3.
  assert.equal(diff(before, after), "\b\b\bx\r\ny\x1b[2B z\x1b[3A");
});

Deno.test("after printing in the last column the next move is absolute, never CR LF", () => {
  const before = screen(10, 3, at(9, 0));
  const after = screen(10, 3, (s) => {
    s.write(9, 0, "X", PLAIN);
    s.write(0, 1, "Y", PLAIN);
    at(1, 1)(s);
  });
  assert.equal(diff(before, after), "X\x1b[2HY");
});

Deno.test("dos: the bottom-right cell goes in with ICH, never printed in place", () => {
  const before = screen(10, 3, (s) => s.write(8, 2, "y", PLAIN));
  const after = screen(10, 3, (s) => s.write(8, 2, "yZ", PLAIN));
  assert.equal(diff(before, after), "\x1b[3;9HZ\b\x1b[@y\x1b[H");
});

Deno.test("xterm: the bottom-right cell is printed directly (the wrap is deferred)", () => {
  const before = screen(10, 3, (s) => s.write(8, 2, "y", PLAIN));
  const after = screen(10, 3, (s) => s.write(8, 2, "yZ", PLAIN));
  assert.equal(diff(before, after, "xterm16"), "\x1b[3;10HZ\x1b[H");
});

Deno.test("dos: a one-column screen pushes its bottom cell down with IL", () => {
  const before = screen(1, 3);
  const after = screen(1, 3, (s) => {
    s.write(0, 1, "y", PLAIN);
    s.write(0, 2, "Z", PLAIN);
  });
  assert.equal(diff(before, after), "\r\nZ\x1b[2H\x1b[Ly\x1b[H");
});

Deno.test("a row tail that went blank is erased with EL", () => {
  const before = screen(20, 2, (s) => {
    s.write(0, 0, "Hello world", PLAIN);
    at(11, 0)(s);
  });
  const after = screen(20, 2, (s) => {
    s.write(0, 0, "Hello", PLAIN);
    at(11, 0)(s);
  });
  assert.equal(diff(before, after), "\x1b[5D\x1b[K\x1b[5C");
});

Deno.test("the pen is reset before EL, so the erased cells are not coloured", () => {
  const before = screen(20, 2, (s) => {
    s.write(0, 0, "Hi there", RED_TEXT);
    at(2, 0)(s);
  });
  const after = screen(20, 2, (s) => {
    s.write(0, 0, "Hi", RED_TEXT);
    at(2, 0)(s);
  });
  assert.equal(diff(before, after), "\x1b[0m\x1b[K");
});

Deno.test("a short blank tail is printed rather than erased", () => {
  const before = screen(20, 2, (s) => {
    s.write(0, 0, "Hi!", PLAIN);
    at(0, 1)(s);
  });
  const after = screen(20, 2, (s) => {
    s.write(0, 0, "Hi", PLAIN);
    at(0, 1)(s);
  });
  // CUU and re-printed "Hi" (5 bytes) beat CUP 1;3 (6 bytes).
  assert.equal(diff(before, after), "\x1b[AHi \r\n");
});

Deno.test("the pen carries across runs: one SGR for text of one colour on two rows", () => {
  const after = screen(20, 3, (s) => {
    s.write(0, 0, "ab", RED_TEXT);
    s.write(0, 1, "cd", RED_TEXT);
    at(2, 1)(s);
  });
  assert.equal(diff(screen(20, 3), after), "\x1b[31mab\r\ncd");
});

Deno.test("cp437: NBSP leaves the renderer as one raw 0xFF (the telnet layer doubles it)", () => {
  const renderer = new Renderer(options(4, 1));
  const out = new ByteWriter();
  renderer.render(screen(4, 1, (s) => s.write(0, 0, "a\u00a0b", PLAIN)), out);
  const sent = [...out.view()];
  assert.equal(sent.filter((b) => b === 0xff).length, 1);
  assert.equal(latin1.decode(out.view()), CLEAR + "a\xffb\x1b[H");
});

Deno.test("utf8: glyphs go out as UTF-8, cp437 ones as single bytes", () => {
  const s = screen(6, 1, (s) => s.write(0, 0, "é✓░", PLAIN));
  const out = new ByteWriter();
  new Renderer({ width: 6, height: 1, charset: "utf8", color: "xterm256" }).render(s, out);
  assert.deepEqual([...out.view()].slice(CLEAR.length, CLEAR.length + 8), [
    0xc3,
    0xa9,
    0xe2,
    0x9c,
    0x93,
    0xe2,
    0x96,
    0x91,
  ]);
  out.clear();
  new Renderer(options(6, 1)).render(s, out);
  assert.deepEqual([...out.view()].slice(CLEAR.length, CLEAR.length + 3), [0x82, 0x3f, 0xb0]);
});

Deno.test("invalidate and resize make the next render start from a clear screen", () => {
  const renderer = new Renderer(options(10, 3));
  const out = new ByteWriter();
  const s = screen(10, 3, (s) => s.write(0, 0, "x", PLAIN));
  renderer.render(s, out);
  out.clear();
  renderer.invalidate();
  renderer.render(s, out);
  assert.equal(latin1.decode(out.view()), CLEAR + "x\b");
  out.clear();
  renderer.resize(12, 4);
  assert.deepEqual([renderer.width, renderer.height], [12, 4]);
  renderer.render(screen(12, 4), out);
  assert.equal(latin1.decode(out.view()), CLEAR);
});

Deno.test("a screen of the wrong size is refused", () => {
  const renderer = new Renderer(options(10, 3));
  assert.throws(() => renderer.render(new Screen(11, 3), new ByteWriter()), RangeError);
});

Deno.test("the cursor position is clamped to the screen", () => {
  const s = screen(10, 3, (s) => {
    s.cursorX = 99;
    s.cursorY = -4;
  });
  assert.equal(diff(screen(10, 3), s), "\x1b[9C");
});
