import assert from "node:assert/strict";
import { ByteWriter } from "../bytes/mod.ts";
import {
  CursorModel,
  describeShown,
  describeWanted,
  feed,
  openTerminal,
  seededRandom,
  type TerminalKind,
  visibly,
} from "./_emulator.ts";
import type { ColorMode } from "./profile.ts";
import { writeRows } from "./rows.ts";
import { BLUE, PLAIN, RED, REVERSE, RGB_FLAG, Screen, type Style } from "./screen.ts";

const latin1 = new TextDecoder("latin1");
const RED_TEXT: Style = { fg: RED, bg: 0, flags: 0 };
const ON_BLUE: Style = { fg: 7, bg: BLUE, flags: 0 };

function rows(screen: Screen, width: number, color: ColorMode = "dos"): string {
  const out = new ByteWriter();
  writeRows(screen, out, { fromRow: 0, toRow: screen.height, width, charset: "cp437", color });
  return latin1.decode(out.view());
}

function screen(width: number, height: number, draw: (s: Screen) => void): Screen {
  const s = new Screen(width, height);
  draw(s);
  return s;
}

Deno.test("rows start from SGR 0, drop trailing blanks and end with CR LF", () => {
  const s = screen(10, 2, (s) => s.write(0, 0, "Hi", PLAIN));
  assert.equal(rows(s, 10), "\x1b[0mHi\r\n\r\n");
});

Deno.test("the pen carries across rows and is reset at the end", () => {
  const s = screen(10, 2, (s) => {
    s.write(0, 0, "Hi", RED_TEXT);
    s.write(0, 1, "yo", RED_TEXT);
  });
  assert.equal(rows(s, 10), "\x1b[0m\x1b[31mHi\r\nyo\r\n\x1b[0m");
});

Deno.test("a background is reset before CR LF, so a scroll does not paint the new line", () => {
  const s = screen(10, 2, (s) => {
    s.write(0, 0, "Hi", ON_BLUE);
    s.write(0, 1, "yo", ON_BLUE);
  });
  assert.equal(rows(s, 10), "\x1b[0m\x1b[44mHi\x1b[0m\r\n\x1b[44myo\x1b[0m\r\n");
});

Deno.test("blanks that show something are kept: a background, reverse", () => {
  const s = screen(10, 1, (s) => {
    s.write(0, 0, "a ", RED_TEXT);
    s.write(2, 0, " ", { fg: 7, bg: 0, flags: REVERSE });
    s.write(3, 0, " ", RED_TEXT);
  });
  assert.equal(rows(s, 10), "\x1b[0m\x1b[31ma \x1b[0;7m \x1b[0m\r\n");
});

Deno.test("a long run of blanks inside a row is skipped with CUF", () => {
  const s = screen(20, 1, (s) => {
    s.write(0, 0, "a", PLAIN);
    s.write(11, 0, "b", PLAIN);
    s.write(13, 0, "c", PLAIN);
  });
  assert.equal(rows(s, 20), "\x1b[0ma\x1b[10Cb c\r\n");
});

Deno.test("rows are clipped at the terminal width", () => {
  const s = screen(10, 1, (s) => s.write(0, 0, "abcdefghij", PLAIN));
  assert.equal(rows(s, 6, "xterm16"), "\x1b[0mabcdef\r\n");
});

Deno.test("dos: a full-width row puts its last glyph in with ICH, so nothing wraps", () => {
  const s = screen(4, 1, (s) => s.write(0, 0, "abcd", PLAIN));
  assert.equal(rows(s, 4), "\x1b[0mabd\b\x1b[@c\r\n");
});

Deno.test("xterm: a full-width row is printed as is (CR cancels the deferred wrap)", () => {
  const s = screen(4, 1, (s) => s.write(0, 0, "abcd", PLAIN));
  assert.equal(rows(s, 4, "xterm256"), "\x1b[0mabcd\r\n");
});

Deno.test("fromRow and toRow select rows, clipped to the screen", () => {
  const s = screen(5, 3, (s) => {
    s.write(0, 0, "a", PLAIN);
    s.write(0, 1, "b", PLAIN);
    s.write(0, 2, "c", PLAIN);
  });
  const out = new ByteWriter();
  writeRows(s, out, { fromRow: 1, toRow: 9, width: 5, charset: "utf8", color: "xterm16" });
  assert.equal(latin1.decode(out.view()), "\x1b[0mb\r\nc\r\n");
});

Deno.test("cp437: NBSP is written as one raw 0xFF", () => {
  const s = screen(5, 1, (s) => s.write(0, 0, "a\u00a0b", PLAIN));
  assert.equal(rows(s, 5), "\x1b[0ma\xffb\r\n");
});

const KINDS: TerminalKind[] = [
  { charset: "cp437", color: "dos", iceColors: true },
  { charset: "cp437", color: "dos", iceColors: false },
  { charset: "utf8", color: "xterm16" },
  { charset: "cp437", color: "xterm256" },
  { charset: "utf8", color: "truecolor" },
];

const GLYPHS = [..."abcXYZ 0123 ░▒▓█│─┌┐└┘é£"].map((c) => c.codePointAt(0)!);

function randomStyle(random: (n: number) => number): Style {
  const color = () => random(5) === 0 ? RGB_FLAG | random(0x1000000) : random(16);
  return {
    fg: color(),
    bg: random(3) === 0 ? color() : 0,
    flags: random(4) === 0 ? random(16) : 0,
  };
}

Deno.test("written rows scroll into xterm as the screen shows them, one line each", async () => {
  for (const kind of KINDS) {
    for (const [screenWidth, width] of [[80, 80], [40, 30], [20, 25], [2, 2]] as const) {
      const random = seededRandom(screenWidth * 100 + width);
      const s = new Screen(screenWidth, 12);
      for (let k = 0; k < 20; k++) {
        const style = random(3) === 0 ? PLAIN : randomStyle(random);
        let text = "";
        for (let n = random(screenWidth + 1); n > 0; n--) {
          text += String.fromCodePoint(GLYPHS[random(GLYPHS.length)]!);
        }
        s.write(random(screenWidth), random(12), text, style);
      }
      // Some rows run to the last column.
      s.fill(0, 3, screenWidth, 2, 0x2588, randomStyle(random));
      const out = new ByteWriter();
      writeRows(s, out, { fromRow: 0, toRow: 12, width, ...kind });
      // dos: height 1 makes every row the bottom row, so a glyph in the last column fails.
      // xterm: a glyph in the last column may be followed only by CR (the deferred wrap).
      const dos = kind.color === "dos";
      const model = new CursorModel(width, dos ? 1 : 12, kind, {
        scrolls: true,
        deferredWrap: !dos,
      });
      model.known = true;
      model.follow(out.view());
      const term = openTerminal(width, 5);
      try {
        await feed(term, out.view(), kind.charset);
        const label = `${kind.color}/${kind.charset} ${screenWidth} on ${width}`;
        const buffer = term.buffer.active;
        assert.equal(buffer.baseY + buffer.cursorY, 12, `${label}: one line per row`);
        for (let y = 0; y < 12; y++) {
          for (let x = 0; x < width; x++) {
            const shown = visibly(describeShown(term, x, y, kind));
            const wanted = x < screenWidth
              ? visibly(describeWanted(s, y * screenWidth + x, kind))
              : '" " bg=0';
            if (shown !== wanted) assert.fail(`${label}: (${x}, ${y}) is ${shown}, want ${wanted}`);
          }
        }
      } finally {
        term.dispose();
      }
    }
  }
});
