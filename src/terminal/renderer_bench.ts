// deno-lint-ignore-file no-console -- a bench reports its byte counts on the console
/**
 * Renderer cost on a BBS main menu (title bar, shaded bands, a double-line box with two columns
 * of hotkeyed items, a block-art panel, a status bar through the bottom-right cell): a one-cell
 * change (the status-bar clock), a ~10% change (the highlight moves and a panel of text is
 * rewritten), and a full repaint after `invalidate()`. Each at 80x25 and 132x50, in `dos`/CP437
 * (baseline) and `xterm256`/UTF-8.
 *
 * Targets: one-cell diff < 5 µs, full 80x25 repaint < 100 µs, full-repaint bytes ≤ 1.2 × the
 * glyphs' encoded bytes. Byte counts are printed once, before the timings.
 */

import { ByteWriter } from "../bytes/mod.ts";
import { glyphByteLength } from "./glyphs.ts";
import type { Charset, ColorMode } from "./profile.ts";
import { Renderer } from "./renderer.ts";
import {
  BLACK,
  BLUE,
  BOLD,
  BRIGHT,
  CYAN,
  GREEN,
  MAGENTA,
  RED,
  REVERSE,
  Screen,
  type Style,
  WHITE,
  YELLOW,
} from "./screen.ts";

const TITLE: Style = { fg: WHITE + BRIGHT, bg: BLUE, flags: 0 };
const FRAME: Style = { fg: CYAN, bg: BLACK, flags: 0 };
const HOTKEY: Style = { fg: YELLOW + BRIGHT, bg: BLACK, flags: 0 };
const ITEM: Style = { fg: CYAN + BRIGHT, bg: BLACK, flags: 0 };
const DIM: Style = { fg: WHITE, bg: BLACK, flags: 0 };
const STATUS: Style = { fg: BLACK, bg: CYAN, flags: 0 };
const HIGHLIGHT: Style = { fg: WHITE + BRIGHT, bg: MAGENTA, flags: BOLD };
const ART = [RED, RED + BRIGHT, YELLOW, GREEN, GREEN + BRIGHT, BLUE + BRIGHT];

const ITEMS = [
  "Message areas",
  "File areas",
  "Who is online",
  "Chat with the sysop",
  "Last callers",
  "Bulletins",
  "Your settings",
  "Door games",
  "Voting booth",
  "Goodbye",
];

function menu(width: number, height: number, highlight: number, clock: string): Screen {
  const s = new Screen(width, height);
  s.fill(0, 0, width, 1, 0x20, TITLE);
  s.write(2, 0, "Carrier BBS - Main Menu", TITLE);
  s.write(width - 18, 0, "Node 3 of 16", TITLE);
  const shades = [..."░▒▓█▓▒░"];
  for (let x = 0; x < width; x++) {
    s.put(x, 1, shades[x % shades.length]!.codePointAt(0)!, { ...FRAME, fg: BLUE + BRIGHT });
  }
  const right = Math.floor(width * 0.62);
  // Double-line box around the menu.
  s.fill(2, 3, right - 4, 1, 0x2550, FRAME);
  s.fill(2, height - 4, right - 4, 1, 0x2550, FRAME);
  s.fill(1, 4, 1, height - 8, 0x2551, FRAME);
  s.fill(right - 2, 4, 1, height - 8, 0x2551, FRAME);
  s.put(1, 3, 0x2554, FRAME);
  s.put(right - 2, 3, 0x2557, FRAME);
  s.put(1, height - 4, 0x255a, FRAME);
  s.put(right - 2, height - 4, 0x255d, FRAME);
  const column = Math.floor((right - 6) / 2);
  const rowsPerColumn = Math.min(ITEMS.length / 2, Math.floor((height - 10) / 2));
  for (let k = 0; k < ITEMS.length; k++) {
    const x = 4 + (k < rowsPerColumn ? 0 : column);
    const y = 5 + 2 * (k % rowsPerColumn);
    if (k >= 2 * rowsPerColumn) break;
    const text = ITEMS[k]!;
    if (k === highlight) {
      s.fill(x - 1, y, column - 2, 1, 0x20, HIGHLIGHT);
      s.write(x, y, `${text[0]} ${text}`, HIGHLIGHT);
    } else {
      s.write(x, y, "[", DIM);
      s.write(x + 1, y, text[0]!, HOTKEY);
      s.write(x + 2, y, "] ", DIM);
      s.write(x + 4, y, text, ITEM);
    }
  }
  // A block-art panel on the right.
  for (let y = 3; y < height - 3; y++) {
    for (let x = right; x < width - 1; x++) {
      const band = ((x - right) + 2 * y) % 11;
      const glyph = band < 3 ? 0x2588 : band < 5 ? 0x2584 : band < 6 ? 0x2580 : 0x20;
      s.put(x, y, glyph, { fg: ART[(y + (x >> 3)) % ART.length]!, bg: BLACK, flags: 0 });
    }
  }
  s.write(4, height - 2, "Select an item, or press ? for help:", DIM);
  s.fill(0, height - 1, width, 1, 0x20, STATUS);
  s.write(1, height - 1, "F1 Help  F2 Page sysop  F10 Hang up", STATUS);
  s.write(width - clock.length - 1, height - 1, clock, STATUS);
  s.put(width - 1, height - 1, 0x2502, STATUS);
  s.cursorX = 41;
  s.cursorY = height - 2;
  return s;
}

/** The menu with the highlight moved and the art panel partly rewritten as text. */
function menuChanged(width: number, height: number): Screen {
  const s = menu(width, height, 3, "12:00");
  const right = Math.floor(width * 0.62);
  const target = Math.floor(width * height * 0.1);
  const before = menu(width, height, 0, "12:00");
  const lines = ["Last callers:", "sysop   Tacoma", "phreak  Oslo", "zed     Lyon", "ansi    Kyiv"];
  for (let y = 4; countChanged(before, s) < target && y < height - 3; y++) {
    s.write(right + 1, y, (lines[(y - 4) % lines.length] ?? "").padEnd(width - right - 3), {
      fg: GREEN + BRIGHT,
      bg: BLACK,
      flags: y === 4 ? REVERSE : 0,
    });
  }
  return s;
}

function countChanged(a: Screen, b: Screen): number {
  let n = 0;
  for (let i = 0; i < a.glyphs.length; i++) {
    if (a.glyphs[i] !== b.glyphs[i] || a.fg[i] !== b.fg[i] || a.bg[i] !== b.bg[i]) n++;
    else if (a.flags[i] !== b.flags[i]) n++;
  }
  return n;
}

interface Terminal {
  name: string;
  charset: Charset;
  color: ColorMode;
}

const TERMINALS: Terminal[] = [
  { name: "dos/cp437", charset: "cp437", color: "dos" },
  { name: "xterm256/utf8", charset: "utf8", color: "xterm256" },
];
const SIZES: [number, number][] = [[80, 25], [132, 50]];

function renderer(width: number, height: number, terminal: Terminal): Renderer {
  return new Renderer({ width, height, charset: terminal.charset, color: terminal.color });
}

for (const [width, height] of SIZES) {
  const size = `${width}x${height}`;
  const plain = menu(width, height, 0, "12:00");
  const ticked = menu(width, height, 0, "12:01");
  const changed = menuChanged(width, height);
  for (const terminal of TERMINALS) {
    const baseline = terminal === TERMINALS[0];
    const out = new ByteWriter(1 << 16);
    const clear = () => out.clear(1 << 20);

    // Byte counts, measured once outside the timed functions.
    const probe = renderer(width, height, terminal);
    probe.render(plain, out);
    const fullBytes = out.length;
    let glyphBytes = 0;
    for (const cp of plain.glyphs) glyphBytes += glyphByteLength(cp, terminal.charset);
    clear();
    probe.render(ticked, out);
    const oneCellBytes = out.length;
    clear();
    probe.render(plain, out);
    clear();
    probe.render(changed, out);
    const tenPercentBytes = out.length;
    clear();
    console.log(
      `${size} ${terminal.name}: one cell ${oneCellBytes} B; ` +
        `${countChanged(plain, changed)} cells changed ${tenPercentBytes} B; ` +
        `full repaint ${fullBytes} B for ${glyphBytes} B of glyphs ` +
        `(ratio ${(fullBytes / glyphBytes).toFixed(3)})`,
    );

    const oneCell = renderer(width, height, terminal);
    oneCell.render(plain, out);
    let flip = false;
    Deno.bench({
      name: `one-cell diff ${terminal.name}`,
      group: `one cell ${size}`,
      baseline,
      fn: () => {
        clear();
        flip = !flip;
        oneCell.render(flip ? ticked : plain, out);
      },
    });

    const tenPercent = renderer(width, height, terminal);
    tenPercent.render(plain, out);
    let swap = false;
    Deno.bench({
      name: `10% diff ${terminal.name}`,
      group: `10% change ${size}`,
      baseline,
      fn: () => {
        clear();
        swap = !swap;
        tenPercent.render(swap ? changed : plain, out);
      },
    });

    const full = renderer(width, height, terminal);
    Deno.bench({
      name: `full repaint ${terminal.name}`,
      group: `full repaint ${size}`,
      baseline,
      fn: () => {
        clear();
        full.invalidate();
        full.render(plain, out);
      },
    });
  }
}
