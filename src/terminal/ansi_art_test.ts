import assert from "node:assert/strict";
import { type AnsiArtOptions, readAnsiArt } from "./ansi_art.ts";
import { CP437_TO_UNICODE } from "./cp437.ts";
import { parseSauce, stripSauce } from "./sauce.ts";
import {
  BLACK,
  BLINK,
  BLUE,
  BRIGHT,
  CYAN,
  DEFAULT_FG,
  GREEN,
  MAGENTA,
  RED,
  rgb,
  type Screen,
  UNDERLINE,
  WHITE,
  YELLOW,
} from "./screen.ts";

const ESC = "\x1b";
const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const draw = (text: string, options: AnsiArtOptions = {}) => readAnsiArt(latin1(text), options);

function rowText(screen: Screen, y: number): string {
  const start = y * screen.width;
  return String.fromCodePoint(...screen.glyphs.subarray(start, start + screen.width)).trimEnd();
}

function cell(screen: Screen, x: number, y: number) {
  const i = y * screen.width + x;
  return {
    char: String.fromCodePoint(screen.glyphs[i]!),
    fg: screen.fg[i]!,
    bg: screen.bg[i]!,
    flags: screen.flags[i]!,
  };
}

function readFixture(name: string): Promise<Uint8Array> {
  return Deno.readFile(new URL(`../../tests/fixtures/art/${name}`, import.meta.url));
}

/** The bytes that act in art (documented in ansi_art.ts); all others print their glyph. */
const CONTROLS = new Set([0x00, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1a, 0x1b]);

Deno.test("every printable CP437 byte shows its glyph (the 16x16 fixture)", async () => {
  const file = await readFixture("all_glyphs.ans");
  const sauce = parseSauce(file)!;
  assert.equal(sauce.title, "All 256 CP437 glyphs");
  assert.equal(sauce.comments.length, 2);
  const screen = readAnsiArt(stripSauce(file), { width: sauce.width, iceColors: sauce.iceColors });
  assert.equal(screen.width, 32);
  assert.equal(screen.usedHeight, 16);
  let printable = 0;
  for (let b = 0; b < 256; b++) {
    const shown = cell(screen, (b & 15) * 2, b >> 4).char;
    if (CONTROLS.has(b)) {
      assert.equal(shown, " ", `control 0x${b.toString(16)}`);
    } else {
      assert.equal(shown, CP437_TO_UNICODE[b], `byte 0x${b.toString(16)}`);
      printable++;
    }
    assert.equal(cell(screen, (b & 15) * 2 + 1, b >> 4).char, " ");
  }
  assert.equal(printable, 248);
  assert.equal(rowText(screen, 0).at(2), "☺");
  assert.equal(rowText(screen, 0xd).at(2 * 0xb), "█");
});

Deno.test("plain CP437 text without SAUCE draws up to its EOF byte", async () => {
  const file = await readFixture("notice.asc");
  assert.equal(parseSauce(file), undefined);
  const screen = readAnsiArt(stripSauce(file));
  assert.equal(screen.usedHeight, 3);
  assert.deepEqual([0, 1, 2].map((y) => rowText(screen, y)), [
    "┌" + "─".repeat(18) + "┐",
    "│ Sysop is away ☺  │",
    "└" + "─".repeat(18) + "┘",
  ]);
});

Deno.test("80 glyphs then CR LF take one row, not two", () => {
  const screen = draw("A".repeat(80) + "\r\n" + "B".repeat(80) + "\r\nC");
  assert.equal(screen.usedHeight, 3);
  assert.equal(rowText(screen, 0), "A".repeat(80));
  assert.equal(rowText(screen, 1), "B".repeat(80));
  assert.equal(rowText(screen, 2), "C");
});

Deno.test("79 glyphs then CR LF take one row", () => {
  const screen = draw("A".repeat(79) + "\r\nB");
  assert.equal(screen.usedHeight, 2);
  assert.equal(rowText(screen, 0), "A".repeat(79));
  assert.equal(rowText(screen, 1), "B");
});

Deno.test("a colour reset between a full line and its CR LF still ends just one line", () => {
  const screen = draw(`${ESC}[44m${"A".repeat(80)}${ESC}[0m\r\n${ESC}[31mB`);
  assert.equal(rowText(screen, 1), "B");
  assert.equal(cell(screen, 0, 1).fg, RED);
});

Deno.test("a blank line after a full line is kept", () => {
  const screen = draw("A".repeat(80) + "\r\n\r\nB");
  assert.equal(screen.usedHeight, 3);
  assert.equal(rowText(screen, 1), "");
  assert.equal(rowText(screen, 2), "B");
});

Deno.test("a long line wraps onto the next rows", () => {
  const text = Array.from({ length: 200 }, (_, i) => String.fromCharCode(0x41 + (i % 26))).join("");
  const screen = draw(text);
  assert.equal(screen.usedHeight, 3);
  assert.equal(rowText(screen, 0), text.slice(0, 80));
  assert.equal(rowText(screen, 1), text.slice(80, 160));
  assert.equal(rowText(screen, 2), text.slice(160));
  assert.deepEqual([screen.cursorX, screen.cursorY], [40, 2]);
});

Deno.test("a full line followed by glyphs continues on the next row; CR alone stays there", () => {
  const screen = draw("A".repeat(80) + "\rB", { width: 80 });
  assert.equal(rowText(screen, 1), "B");
  assert.equal(rowText(screen, 0), "A".repeat(80));
});

Deno.test("wrapping follows the canvas width", () => {
  const screen = draw("abcdefgh\r\nij", { width: 4 });
  assert.deepEqual([0, 1, 2].map((y) => rowText(screen, y)), ["abcd", "efgh", "ij"]);
});

Deno.test("LF alone starts a new line at column 0", () => {
  const screen = draw("ab\ncd");
  assert.deepEqual([rowText(screen, 0), rowText(screen, 1)], ["ab", "cd"]);
});

Deno.test("cursor moves land in the right cells", () => {
  const screen = draw(
    `${ESC}[5;10HA` + // row 5, column 10
      `${ESC}[2AB` + // up 2 from after A
      `${ESC}[3BC` + // down 3
      `${ESC}[4CD` + // right 4
      `${ESC}[2DE` + // left 2
      `${ESC}[GF` + // column 1
      `${ESC}[20GG` + // column 20
      `${ESC}[;3fH` + // row 1, column 3
      `${ESC}[99;999HI` + // column clamped to the last
      `${ESC}[1;1H\tJ\bK`, // TAB to column 9, BS over J
  );
  assert.equal(cell(screen, 9, 4).char, "A");
  assert.equal(cell(screen, 10, 2).char, "B");
  assert.equal(cell(screen, 11, 5).char, "C");
  assert.equal(cell(screen, 16, 5).char, "D");
  assert.equal(cell(screen, 15, 5).char, "E");
  assert.equal(cell(screen, 0, 5).char, "F");
  assert.equal(cell(screen, 19, 5).char, "G");
  assert.equal(cell(screen, 2, 0).char, "H");
  assert.equal(cell(screen, 79, 98).char, "I");
  assert.equal(cell(screen, 8, 0).char, "K");
  assert.equal(screen.usedHeight, 99);
});

Deno.test("moves stop at the canvas edges", () => {
  const screen = draw(`${ESC}[99A${ESC}[99DA${ESC}[999CB\t\tC`);
  assert.equal(cell(screen, 0, 0).char, "A");
  // B lands in the last column and wraps; the tabs then start from column 0 of row 1.
  assert.equal(cell(screen, 79, 0).char, "B");
  assert.equal(cell(screen, 16, 1).char, "C");
});

Deno.test("save and restore cursor, both ESC[s/u and ESC 7/8", () => {
  const screen = draw(`${ESC}[3;5H${ESC}[sab\r\n\r\n${ESC}[uX${ESC}[7;7H${ESC}7cd${ESC}[H${ESC}8Y`);
  assert.equal(rowText(screen, 2), "    Xb");
  assert.equal(cell(screen, 6, 6).char, "Y");
});

Deno.test("bold is the bright foreground; blink is the BLINK flag without iCE colours", () => {
  const screen = draw(`${ESC}[1;31mA${ESC}[22mB${ESC}[5;44mC${ESC}[25mD${ESC}[0mE`);
  assert.deepEqual(cell(screen, 0, 0), { char: "A", fg: RED + BRIGHT, bg: BLACK, flags: 0 });
  assert.deepEqual(cell(screen, 1, 0), { char: "B", fg: RED, bg: BLACK, flags: 0 });
  assert.deepEqual(cell(screen, 2, 0), { char: "C", fg: RED, bg: BLUE, flags: BLINK });
  assert.deepEqual(cell(screen, 3, 0), { char: "D", fg: RED, bg: BLUE, flags: 0 });
  assert.deepEqual(cell(screen, 4, 0), { char: "E", fg: DEFAULT_FG, bg: BLACK, flags: 0 });
});

Deno.test("with iCE colours, blink is the bright background", () => {
  const screen = draw(`${ESC}[5;44mC${ESC}[25mD`, { iceColors: true });
  assert.deepEqual(cell(screen, 0, 0), { char: "C", fg: WHITE, bg: BLUE + BRIGHT, flags: 0 });
  assert.deepEqual(cell(screen, 1, 0), { char: "D", fg: WHITE, bg: BLUE, flags: 0 });
});

Deno.test("the iCE banner fixture: bright blinking background, one row per full line", async () => {
  const file = await readFixture("banner.ans");
  const sauce = parseSauce(file)!;
  assert.deepEqual([sauce.width, sauce.height, sauce.iceColors], [80, 6, true]);
  const screen = readAnsiArt(stripSauce(file), { width: sauce.width, iceColors: sauce.iceColors });
  assert.equal(screen.usedHeight, 6);
  assert.equal(rowText(screen, 0), "▄".repeat(80));
  assert.deepEqual(cell(screen, 0, 0), { char: "▄", fg: YELLOW + BRIGHT, bg: BLUE, flags: 0 });
  assert.equal(rowText(screen, 1).slice(30, 50), "      CARRIER       ");
  assert.deepEqual(cell(screen, 36, 1), {
    char: "C",
    fg: WHITE + BRIGHT,
    bg: RED + BRIGHT,
    flags: 0,
  });
  assert.deepEqual(cell(screen, 79, 1), { char: "░", fg: BLUE, bg: CYAN, flags: 0 });
  assert.equal(rowText(screen, 3), "╔" + "═".repeat(20) + "╗");
  assert.equal(rowText(screen, 4), "║  telnet :2323      ║");
  const plain = readAnsiArt(stripSauce(file));
  assert.deepEqual(cell(plain, 36, 1), { char: "C", fg: WHITE + BRIGHT, bg: RED, flags: BLINK });
});

Deno.test("reverse swaps the colours and leaves the bright bits where they were", () => {
  const screen = draw(`${ESC}[31;44;7mA${ESC}[1mB${ESC}[27mC`);
  assert.deepEqual([cell(screen, 0, 0).fg, cell(screen, 0, 0).bg], [BLUE, RED]);
  assert.deepEqual([cell(screen, 1, 0).fg, cell(screen, 1, 0).bg], [BLUE + BRIGHT, RED]);
  assert.deepEqual([cell(screen, 2, 0).fg, cell(screen, 2, 0).bg], [RED + BRIGHT, BLUE]);
});

Deno.test("default colours, aixterm brights and underline", () => {
  const screen = draw(`${ESC}[32;45mA${ESC}[39mB${ESC}[49mC${ESC}[96;103;4mD${ESC}[24mE`);
  assert.deepEqual([cell(screen, 0, 0).fg, cell(screen, 0, 0).bg], [GREEN, MAGENTA]);
  assert.deepEqual([cell(screen, 1, 0).fg, cell(screen, 1, 0).bg], [DEFAULT_FG, MAGENTA]);
  assert.deepEqual([cell(screen, 2, 0).fg, cell(screen, 2, 0).bg], [DEFAULT_FG, BLACK]);
  assert.deepEqual(cell(screen, 3, 0), {
    char: "D",
    fg: CYAN + BRIGHT,
    bg: YELLOW + BRIGHT,
    flags: UNDERLINE,
  });
  assert.equal(cell(screen, 4, 0).flags, 0);
  assert.equal(cell(draw(`${ESC}[31m${ESC}[mA`), 0, 0).fg, DEFAULT_FG);
});

Deno.test("24-bit colour: PabloDraw's ESC[…t, and 38/48 with ;2 and ;5", () => {
  const screen = draw(
    `${ESC}[1;255;128;0tA${ESC}[0;1;2;3tB${ESC}[0mC${ESC}[38;5;200;48;2;9;8;7mD${ESC}[2;3;4tE`,
  );
  assert.equal(cell(screen, 0, 0).fg, rgb(255, 128, 0));
  assert.deepEqual([cell(screen, 1, 0).fg, cell(screen, 1, 0).bg], [
    rgb(255, 128, 0),
    rgb(1, 2, 3),
  ]);
  assert.deepEqual([cell(screen, 2, 0).fg, cell(screen, 2, 0).bg], [DEFAULT_FG, BLACK]);
  assert.deepEqual([cell(screen, 3, 0).fg, cell(screen, 3, 0).bg], [200, rgb(9, 8, 7)]);
  assert.deepEqual([cell(screen, 4, 0).fg, cell(screen, 4, 0).bg], [200, rgb(9, 8, 7)]);
  // A 38 whose form is unknown stops the list instead of reading its numbers as attributes.
  assert.equal(cell(draw(`${ESC}[38;9;5;1mX`), 0, 0).flags, 0);
});

Deno.test("EL paints the line in the pen's background; ED 2 clears and homes", () => {
  const screen = draw(`abcdef${ESC}[3D${ESC}[44m${ESC}[K\r\nxyz${ESC}[1K\r\n123${ESC}[2K`);
  assert.equal(rowText(screen, 0), "abc");
  assert.deepEqual([cell(screen, 2, 0).bg, cell(screen, 3, 0).bg, cell(screen, 79, 0).bg], [
    BLACK,
    BLUE,
    BLUE,
  ]);
  assert.equal(rowText(screen, 1), "");
  assert.deepEqual([cell(screen, 3, 1).bg, cell(screen, 4, 1).bg], [BLUE, BLACK]);
  assert.equal(rowText(screen, 2), "");
  assert.equal(screen.usedHeight, 3);

  const cleared = draw(`old\r\nold\r\n${ESC}[2Jnew`);
  assert.equal(cleared.usedHeight, 1);
  assert.equal(rowText(cleared, 0), "new");
});

Deno.test("ED 2 in a colour makes the rest of the canvas that colour", () => {
  const screen = draw(`${ESC}[44m${ESC}[2J${ESC}[0m\r\n\r\nx`);
  assert.equal(screen.usedHeight, 3);
  assert.equal(cell(screen, 5, 0).bg, BLUE);
  assert.equal(cell(screen, 5, 2).bg, BLUE);
  assert.equal(cell(screen, 0, 2).bg, BLACK);
});

Deno.test("private modes, unknown sequences and other escapes are skipped", () => {
  const screen = draw(
    `${ESC}[?7hA${ESC}[=255hB${ESC}[?33lC${ESC}[1;2;3zD${ESC}(BE${ESC}[ qF${ESC}[8;25;80tG`,
  );
  assert.equal(rowText(screen, 0), "ABCDEFG");
  assert.equal(cell(screen, 6, 0).fg, DEFAULT_FG);
});

Deno.test("broken escapes drop only themselves", () => {
  assert.equal(rowText(draw(`A${ESC}\xdbB`), 0), "A█B");
  assert.equal(rowText(draw(`A${ESC}[12\xdbB`), 0), "A█B");
  assert.equal(rowText(draw(`A${ESC}[12`), 0), "A");
  assert.equal(rowText(draw(`A${ESC}`), 0), "A");
});

Deno.test("control-range bytes other than the controls print glyphs", () => {
  const screen = draw("\x01\x02\x0b\x0c\x0e\x10\x11\x18\x19\x1c\x1f\x7f");
  assert.equal(rowText(screen, 0), "☺☻♂♀♫►◄↑↓∟▼⌂");
});

Deno.test("SUB ends the art; NUL and BEL do nothing", () => {
  const screen = draw("a\x00b\x07c\x1a\r\nafter EOF");
  assert.equal(rowText(screen, 0), "abc");
  assert.equal(screen.usedHeight, 1);
});

Deno.test("the used height counts rows drawn on, not where the cursor ends", () => {
  const screen = draw("one\r\ntwo\r\n\r\n\r\n");
  assert.equal(screen.usedHeight, 2);
  assert.equal(screen.height, 2);
  assert.deepEqual([screen.cursorX, screen.cursorY], [0, 1]);
  const empty = draw("\r\n\r\n");
  assert.equal(empty.usedHeight, 0);
  assert.equal(empty.height, 1);
});

Deno.test("the canvas grows past its first allocation", () => {
  const rows = Array.from({ length: 300 }, (_, i) => `line ${i}`);
  const screen = draw(rows.join("\r\n"));
  assert.equal(screen.usedHeight, 300);
  assert.equal(rowText(screen, 0), "line 0");
  assert.equal(rowText(screen, 299), "line 299");
});

Deno.test("width: default 80, a huge SAUCE width is cut to 1024, nonsense means 80", () => {
  assert.equal(draw("x").width, 80);
  assert.equal(draw("x", { width: 160 }).width, 160);
  assert.equal(draw("x", { width: 65535 }).width, 1024);
  for (const width of [0, -5, Number.NaN, undefined]) assert.equal(draw("x", { width }).width, 80);
  assert.throws(() => draw("x", { maxRows: 0 }), RangeError);
  assert.throws(() => draw("x", { maxRows: 1.5 }), RangeError);
});

Deno.test("a huge CUP row stays within maxRows and is reported as clipped", () => {
  const screen = draw(`top${ESC}[99999999;5Hlost${ESC}[1;1H${ESC}[2BOK`, { maxRows: 50 });
  assert.equal(screen.height, 3);
  assert.equal(screen.clipped, true);
  assert.equal(rowText(screen, 2), "OK");
  const edge = draw(`${ESC}[50;1Hlast row${ESC}[51;1Hgone`, { maxRows: 50 });
  assert.equal(edge.height, 50);
  assert.equal(rowText(edge, 49), "last row");
  assert.equal(edge.clipped, true);
  assert.equal(draw("fits", { maxRows: 50 }).clipped, false);
});

Deno.test("10 MB of line feeds leave an empty canvas", () => {
  const bytes = new Uint8Array(10 * 1024 * 1024).fill(0x0a);
  bytes[0] = 0x41;
  bytes[bytes.length - 1] = 0x42;
  const screen = readAnsiArt(bytes);
  assert.equal(screen.usedHeight, 1);
  assert.equal(screen.clipped, true);
  assert.equal(rowText(screen, 0), "A");
});

Deno.test("text running past maxRows is dropped", () => {
  const screen = draw("x".repeat(80 * 10), { maxRows: 4 });
  assert.equal(screen.height, 4);
  assert.equal(screen.clipped, true);
  assert.equal(rowText(screen, 3), "x".repeat(80));
});

Deno.test("giant parameter lists and values are bounded", () => {
  const many = draw(`${ESC}[${"1;".repeat(1_000_000)}31mA${ESC}[${"9".repeat(100_000)}CB`);
  assert.equal(cell(many, 0, 0).char, "A");
  assert.equal(cell(many, 79, 0).char, "B");
  const only16 = draw(`${ESC}[${"0;".repeat(16)}31mA`);
  assert.equal(cell(only16, 0, 0).fg, DEFAULT_FG);
});

Deno.test("random bytes never throw and stay within bounds", () => {
  let seed = 99;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
  // Biased towards the bytes that matter: ESC, "[", digits, ";", finals, CR, LF.
  const alphabet = latin1(`\x1b\x1b[[[0123456789;;;;?=mHfABCDJKsu\r\n\t\b\x00\x1a\xdb\xb0 Ax`);
  for (let run = 0; run < 300; run++) {
    const bytes = new Uint8Array(random() % 3000);
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = run % 2 ? random() & 0xff : alphabet[random() % alphabet.length]!;
    }
    const screen = readAnsiArt(bytes, { width: 1 + (random() % 120), maxRows: 40 });
    assert.ok(screen.height <= 40 && screen.usedHeight <= 40);
    assert.ok(screen.cursorX < screen.width && screen.cursorY < screen.height);
  }
});
