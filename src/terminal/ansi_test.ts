import assert from "node:assert/strict";
import { ByteWriter } from "../bytes/mod.ts";
import {
  cursorStepLength,
  cursorToLength,
  Pen,
  writeCursorColumn,
  writeCursorDown,
  writeCursorLeft,
  writeCursorRight,
  writeCursorTo,
  writeCursorUp,
  writeCursorVisible,
  writeEraseDisplay,
  writeEraseLine,
  writeInsertChars,
  writeInsertLines,
  writeSgrDelta,
  writeSgrReset,
} from "./ansi.ts";
import type { ColorMode } from "./profile.ts";
import {
  BLINK,
  BLUE,
  BOLD,
  BRIGHT,
  CYAN,
  GREEN,
  PLAIN,
  RED,
  REVERSE,
  rgb,
  type Style,
  UNDERLINE,
  WHITE,
  YELLOW,
} from "./screen.ts";

const latin1 = new TextDecoder("latin1");

function written(write: (out: ByteWriter) => void): string {
  const out = new ByteWriter(8);
  write(out);
  return latin1.decode(out.view());
}

/** The SGR for each step from a fresh pen through `styles`, as strings without the ESC. */
function sgrSteps(color: ColorMode, styles: Style[], iceColors = false): string[] {
  const pen = new Pen({ color, iceColors });
  return styles.map((style) => written((out) => writeSgrDelta(out, pen, style)).slice(1));
}

function style(fg: number, bg = 0, flags = 0): Style {
  return { fg, bg, flags };
}

Deno.test("CUP is 1-based and leaves out what defaults", () => {
  assert.equal(written((out) => writeCursorTo(out, 0, 0)), "\x1b[H");
  assert.equal(written((out) => writeCursorTo(out, 0, 4)), "\x1b[5H");
  assert.equal(written((out) => writeCursorTo(out, 9, 0)), "\x1b[1;10H");
  assert.equal(written((out) => writeCursorTo(out, 79, 24)), "\x1b[25;80H");
  assert.equal(written((out) => writeCursorTo(out, 1234, 999)), "\x1b[1000;1235H");
});

Deno.test("cursorToLength and cursorStepLength count the bytes written", () => {
  for (const [x, y] of [[0, 0], [0, 8], [0, 9], [5, 0], [9, 9], [79, 24], [131, 49], [300, 7]]) {
    assert.equal(cursorToLength(x!, y!), written((out) => writeCursorTo(out, x!, y!)).length);
  }
  for (const n of [1, 2, 9, 10, 99, 100, 131]) {
    assert.equal(cursorStepLength(n), written((out) => writeCursorRight(out, n)).length);
  }
});

Deno.test("relative moves leave out a count of 1 and write nothing for 0", () => {
  assert.equal(written((out) => writeCursorUp(out, 1)), "\x1b[A");
  assert.equal(written((out) => writeCursorDown(out, 3)), "\x1b[3B");
  assert.equal(written((out) => writeCursorRight(out, 12)), "\x1b[12C");
  assert.equal(written((out) => writeCursorLeft(out, 1)), "\x1b[D");
  assert.equal(written((out) => writeCursorLeft(out, 0)), "");
  assert.equal(written((out) => writeCursorColumn(out, 0)), "\x1b[G");
  assert.equal(written((out) => writeCursorColumn(out, 39)), "\x1b[40G");
});

Deno.test("erase, insert, cursor visibility and reset sequences", () => {
  assert.equal(written((out) => writeEraseDisplay(out)), "\x1b[2J");
  assert.equal(written((out) => writeEraseDisplay(out, 0)), "\x1b[J");
  assert.equal(written((out) => writeEraseLine(out)), "\x1b[K");
  assert.equal(written((out) => writeEraseLine(out, 2)), "\x1b[2K");
  assert.equal(written((out) => writeInsertChars(out)), "\x1b[@");
  assert.equal(written((out) => writeInsertChars(out, 4)), "\x1b[4@");
  assert.equal(written((out) => writeInsertLines(out)), "\x1b[L");
  assert.equal(written((out) => writeCursorVisible(out, false)), "\x1b[?25l");
  assert.equal(written((out) => writeCursorVisible(out, true)), "\x1b[?25h");
  assert.equal(written((out) => writeSgrReset(out)), "\x1b[0m");
});

Deno.test("no SGR at all when the pen already draws the style", () => {
  assert.deepEqual(sgrSteps("xterm16", [PLAIN, style(RED), style(RED)]), ["", "[31m", ""]);
});

Deno.test("dos: a bright foreground is bold, and BOLD with a dark one is the same pen", () => {
  assert.deepEqual(
    sgrSteps("dos", [style(YELLOW + BRIGHT, BLUE), style(YELLOW, BLUE, BOLD), style(CYAN, BLUE)]),
    ["[1;33;44m", "", "[0;36;44m"],
  );
});

Deno.test("dos: turning an attribute off is a reset, since ANSI-BBS has no 22/24/25/27", () => {
  assert.deepEqual(
    sgrSteps("dos", [style(GREEN, 0, UNDERLINE | REVERSE), style(GREEN, 0, REVERSE), PLAIN]),
    ["[4;7;32m", "[0;7;32m", "[0m"],
  );
});

Deno.test("dos with iCE colours: a bright background is blink, and BLINK means bright", () => {
  assert.deepEqual(
    sgrSteps(
      "dos",
      [style(WHITE, BLUE + BRIGHT), style(WHITE, BLUE, BLINK), style(WHITE, RED)],
      true,
    ),
    ["[5;44m", "", "[0;41m"],
  );
});

Deno.test("dos without iCE colours: bright backgrounds lose brightness and BLINK blinks", () => {
  assert.deepEqual(
    sgrSteps("dos", [style(WHITE, BLUE + BRIGHT), style(WHITE, BLUE, BLINK)]),
    ["[44m", "[5m"],
  );
});

Deno.test("dos: palette and RGB colours go to the nearest of the 16", () => {
  assert.deepEqual(
    sgrSteps("dos", [style(231), style(rgb(255, 255, 85)), style(rgb(0, 0, 170), 244)]),
    ["[1m", "[33m", "[0;34;47m"],
  );
});

Deno.test("xterm16: bright colours are 90–97 and 100–107, attributes go off one by one", () => {
  assert.deepEqual(
    sgrSteps("xterm16", [
      style(RED + BRIGHT, BLUE + BRIGHT),
      style(GREEN, BLUE, UNDERLINE),
      style(GREEN, BLUE, 0),
      style(GREEN, BLUE, BOLD | BLINK),
      style(GREEN, BLUE, BLINK),
    ]),
    ["[91;104m", "[4;32;44m", "[24m", "[1;5m", "[22m"],
  );
});

Deno.test("a reset is chosen when it is shorter than the delta", () => {
  // From bold red: "22;37" (5 characters) against "0" (1).
  assert.deepEqual(sgrSteps("xterm16", [style(RED, 0, BOLD), PLAIN]), ["[1;31m", "[0m"]);
  // From bold underlined red on blue to underlined: "22;37;40" against "0;4".
  assert.deepEqual(
    sgrSteps("xterm16", [style(RED, BLUE, BOLD | UNDERLINE), style(WHITE, 0, UNDERLINE)]),
    ["[1;4;31;44m", "[0;4m"],
  );
  assert.deepEqual(
    sgrSteps("xterm256", [style(200, 100, BOLD | UNDERLINE), PLAIN]),
    ["[1;4;38;5;200;48;5;100m", "[0m"],
  );
});

Deno.test("xterm256: 38;5 and 48;5 above 15, RGB to the nearest palette entry", () => {
  assert.deepEqual(
    sgrSteps("xterm256", [style(196, 17), style(rgb(255, 0, 0), 17), style(YELLOW, 17)]),
    ["[38;5;196;48;5;17m", "", "[33m"],
  );
});

Deno.test("truecolor: RGB goes out as 38;2 and 48;2", () => {
  assert.deepEqual(
    sgrSteps("truecolor", [style(rgb(1, 22, 255), rgb(0, 0, 0)), style(42, rgb(0, 0, 0))]),
    ["[38;2;1;22;255;48;2;0;0;0m", "[38;5;42m"],
  );
});

Deno.test("Pen.adopt and Pen.draws answer without writing", () => {
  const pen = new Pen({ color: "dos", iceColors: true });
  assert.equal(pen.draws(PLAIN), true);
  pen.adopt(style(RED + BRIGHT, CYAN + BRIGHT, UNDERLINE));
  assert.deepEqual([pen.fg, pen.bg, pen.attrs], [RED, CYAN, BOLD | UNDERLINE | BLINK]);
  assert.equal(pen.draws(style(RED, CYAN, BOLD | BLINK | UNDERLINE)), true);
  assert.equal(pen.reset().draws(PLAIN), true);
  assert.equal(new Pen({ color: "xterm16", iceColors: true }).iceColors, false);
});
