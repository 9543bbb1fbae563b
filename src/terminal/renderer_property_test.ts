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
} from "./_emulator.ts";
import { CP437_TO_UNICODE } from "./cp437.ts";
import { Renderer } from "./renderer.ts";
import { PLAIN, RGB_FLAG, Screen, type Style } from "./screen.ts";

type Random = (n: number) => number;

const ASCII = Array.from({ length: 95 }, (_, i) => 0x20 + i);
/** CP437's characters above ASCII (⌂ to NBSP): fine in both charsets. */
const CP437_HIGH = CP437_TO_UNICODE.slice(0x7f).map((c) => c.codePointAt(0)!);
const BOX = [..."░▒▓█│─┌┐└┘═║╔╗╚╝▀▄"].map((c) => c.codePointAt(0)!);
/** Single-width BMP glyphs CP437 lacks, and CP437's control-range glyphs: UTF-8 screens only. */
const UNICODE_ONLY = [..."✓€★→☺♥►♪•◘←▲▼⌘Ωλ"].map((c) => c.codePointAt(0)!);

const SIZES: [number, number][] = [[80, 25], [132, 50], [40, 10], [1, 1], [2, 2]];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random(items.length)]!;
}

function randomColor(random: Random): number {
  const roll = random(100);
  if (roll < 70) return random(16);
  if (roll < 85) return 16 + random(240);
  return RGB_FLAG | random(0x1000000);
}

function randomStyle(random: Random): Style {
  const flags = random(3) === 0 ? random(16) : 0;
  return { fg: randomColor(random), bg: random(3) === 0 ? randomColor(random) : 0, flags };
}

function randomGlyph(random: Random, utf8: boolean): number {
  const roll = random(100);
  if (roll < 50) return pick(random, ASCII);
  if (roll < 75) return pick(random, BOX);
  if (roll < 90 || !utf8) return pick(random, CP437_HIGH);
  return pick(random, UNICODE_ONLY);
}

/** Paints a BBS-like scene: a backdrop, boxes, text runs, shading, some untouched blanks. */
function paintScene(screen: Screen, random: Random, utf8: boolean): void {
  const { width, height } = screen;
  const runs = 1 + random(12);
  for (let k = 0; k < runs; k++) {
    const style = random(4) === 0 ? PLAIN : randomStyle(random);
    const x = random(width);
    const y = random(height);
    const roll = random(4);
    if (roll === 0) {
      screen.fill(x, y, 1 + random(width), 1 + random(height), pick(random, BOX), style);
    } else if (roll === 1) {
      screen.fill(x, y, 1 + random(width), 1 + random(3), 0x20, style);
    } else {
      let text = "";
      const length = 1 + random(width);
      for (let n = 0; n < length; n++) text += String.fromCodePoint(randomGlyph(random, utf8));
      screen.write(x, y, text, style);
    }
  }
}

function randomScreen(width: number, height: number, random: Random, utf8: boolean): Screen {
  const screen = new Screen(width, height);
  if (random(3) === 0) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        screen.put(x, y, randomGlyph(random, utf8), randomStyle(random));
      }
    }
  } else {
    paintScene(screen, random, utf8);
  }
  screen.cursorX = random(width);
  screen.cursorY = random(height);
  return screen;
}

/** A screen like `from` with some changes, or (sometimes) an unrelated one. */
function changedScreen(from: Screen, random: Random, utf8: boolean): Screen {
  const { width, height } = from;
  if (random(5) === 0) return randomScreen(width, height, random, utf8);
  const screen = new Screen(width, height);
  screen.copyFrom(from);
  const roll = random(4);
  if (roll === 0) {
    const changes = 1 + random(5);
    for (let k = 0; k < changes; k++) {
      screen.put(random(width), random(height), randomGlyph(random, utf8), randomStyle(random));
    }
  } else if (roll === 1) {
    // Rows going blank, as when a menu gives way to a shorter one.
    screen.fill(random(width), random(height), width, 1 + random(height), 0x20, PLAIN);
  } else {
    paintScene(screen, random, utf8);
  }
  screen.cursorX = random(width);
  screen.cursorY = random(height);
  return screen;
}

function assertShows(
  term: ReturnType<typeof openTerminal>,
  screen: Screen,
  kind: TerminalKind,
  label: string,
): void {
  for (let y = 0; y < screen.height; y++) {
    for (let x = 0; x < screen.width; x++) {
      const wanted = describeWanted(screen, y * screen.width + x, kind);
      const shown = describeShown(term, x, term.buffer.active.baseY + y, kind);
      if (shown !== wanted) assert.fail(`${label}: cell (${x}, ${y}) is ${shown}, want ${wanted}`);
    }
  }
  const cursor = term.buffer.active;
  assert.deepEqual(
    [cursor.cursorX, cursor.cursorY],
    [screen.cursorX, screen.cursorY],
    `${label}: cursor`,
  );
}

const KINDS: TerminalKind[] = [
  { charset: "cp437", color: "dos", iceColors: true },
  { charset: "cp437", color: "dos", iceColors: false },
  { charset: "utf8", color: "dos", iceColors: true },
  { charset: "cp437", color: "xterm16" },
  { charset: "utf8", color: "xterm16" },
  { charset: "cp437", color: "xterm256" },
  { charset: "utf8", color: "xterm256" },
  { charset: "cp437", color: "truecolor" },
  { charset: "utf8", color: "truecolor" },
];

const CASES_PER_SIZE = 10;

for (const kind of KINDS) {
  const name = `${kind.color}${kind.iceColors ? "+ice" : ""}/${kind.charset}`;
  Deno.test(`${name}: render A then the diff to B leaves exactly B in xterm`, async () => {
    const utf8 = kind.charset === "utf8";
    let seed = 1;
    for (const [width, height] of SIZES) {
      for (let n = 0; n < CASES_PER_SIZE; n++, seed++) {
        const random = seededRandom(seed * 7919 + width);
        const a = randomScreen(width, height, random, utf8);
        const b = changedScreen(a, random, utf8);
        const label = `${name} ${width}x${height} seed ${seed}`;
        const renderer = new Renderer({ width, height, ...kind });
        const model = new CursorModel(width, height, kind);
        const out = new ByteWriter();
        const term = openTerminal(width, height);
        try {
          // Junk on the terminal first: the first render must assume nothing.
          await feed(term, new TextEncoder().encode("\x1b[1;5;41mjunk\x1b[3;3H"), "utf8");
          renderer.render(a, out);
          model.follow(out.view());
          await feed(term, out.view(), kind.charset);
          assertShows(term, a, kind, `${label} (A)`);
          out.clear();
          renderer.render(b, out);
          model.follow(out.view());
          await feed(term, out.view(), kind.charset);
          assertShows(term, b, kind, `${label} (B)`);
          out.clear();
          renderer.render(b, out);
          assert.equal(out.length, 0, `${label}: rendering B again`);
        } finally {
          term.dispose();
        }
      }
    }
  });
}

Deno.test("invalidate and resize repaint everything in xterm", async () => {
  for (const kind of KINDS) {
    const random = seededRandom(4242);
    const utf8 = kind.charset === "utf8";
    const renderer = new Renderer({ width: 40, height: 10, ...kind });
    const out = new ByteWriter();
    const a = randomScreen(40, 10, random, utf8);
    renderer.render(a, out);
    out.clear();
    // A fresh terminal knows nothing; after invalidate() the renderer must not rely on A.
    renderer.invalidate();
    let term = openTerminal(40, 10);
    try {
      await feed(term, new TextEncoder().encode("\x1b[7mgarbage"), "utf8");
      renderer.render(a, out);
      await feed(term, out.view(), kind.charset);
      assertShows(term, a, kind, `${kind.color}/${kind.charset} invalidate`);
    } finally {
      term.dispose();
    }
    out.clear();
    renderer.resize(30, 12);
    assert.deepEqual([renderer.width, renderer.height], [30, 12]);
    const b = randomScreen(30, 12, random, utf8);
    term = openTerminal(30, 12);
    try {
      renderer.render(b, out);
      await feed(term, out.view(), kind.charset);
      assertShows(term, b, kind, `${kind.color}/${kind.charset} resize`);
    } finally {
      term.dispose();
    }
  }
});

Deno.test("a changed bottom-right cell is drawn and nothing scrolls, in every mode and size", async () => {
  for (const kind of KINDS) {
    for (const [width, height] of SIZES) {
      const random = seededRandom(width * 31 + height);
      const utf8 = kind.charset === "utf8";
      const a = randomScreen(width, height, random, utf8);
      const renderer = new Renderer({ width, height, ...kind });
      const model = new CursorModel(width, height, kind);
      const out = new ByteWriter();
      const term = openTerminal(width, height);
      try {
        renderer.render(a, out);
        const b = new Screen(width, height);
        for (let round = 0; round < 3; round++) {
          b.copyFrom(a);
          b.put(width - 1, height - 1, randomGlyph(random, utf8), randomStyle(random));
          if (round === 2 && width > 1) {
            b.put(width - 2, height - 1, randomGlyph(random, utf8), randomStyle(random));
          }
          renderer.render(b, out);
          model.follow(out.view());
          await feed(term, out.view(), kind.charset);
          out.clear();
          assertShows(term, b, kind, `${kind.color}/${kind.charset} ${width}x${height} corner`);
          assert.equal(term.buffer.active.baseY, 0, "the screen scrolled");
          a.copyFrom(b);
        }
      } finally {
        term.dispose();
      }
    }
  }
});
