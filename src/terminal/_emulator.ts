/**
 * Test support for the renderer and line-mode output: feed bytes to a real terminal emulator
 * (`@xterm/headless`), read back what a cell shows in the terms of a colour mode, and check a
 * byte stream against a strict cursor model that fails wherever the output would lean on
 * auto-wrap or scroll the screen.
 *
 * @module
 */

import { AssertionError } from "node:assert/strict";
import xterm from "@xterm/headless";
import { CP437_TO_UNICODE } from "./cp437.ts";
import { cp437GlyphByte } from "./glyphs.ts";
import { reduceTo16, reduceTo256 } from "./palette.ts";
import type { Charset, ColorMode } from "./profile.ts";
import { BLINK, BOLD, REVERSE, RGB_FLAG, type Screen, UNDERLINE } from "./screen.ts";

/** A terminal as the code under test sees it. */
export interface TerminalKind {
  charset: Charset;
  color: ColorMode;
  iceColors?: boolean;
}

/** A headless xterm of `cols` × `rows`; dispose it when done. */
export function openTerminal(cols: number, rows: number): xterm.Terminal {
  return new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
}

/**
 * Writes output bytes to the emulator as the caller's terminal would decode them: UTF-8, or
 * CP437 with 0x00–0x1F as controls and every other byte as its glyph.
 */
export function feed(term: xterm.Terminal, bytes: Uint8Array, charset: Charset): Promise<void> {
  let data: string | Uint8Array = bytes.slice();
  if (charset === "cp437") {
    let text = "";
    for (const b of bytes) text += b < 0x20 ? String.fromCharCode(b) : CP437_TO_UNICODE[b]!;
    data = text;
  }
  return new Promise((resolve) => term.write(data, resolve));
}

const CM_P16 = 0x1000000;
const CM_P256 = 0x2000000;
const CM_RGB = 0x3000000;

function emulatorColor(mode: number, value: number, fallback: number): number {
  if (mode === CM_P16 || mode === CM_P256) return value;
  if (mode === CM_RGB) return RGB_FLAG | value;
  return fallback; // default colour: light grey on black (see renderer.ts)
}

/**
 * How the cell in column `x` of buffer line `line` looks (the visible screen starts at line
 * `term.buffer.active.baseY`), in the terms a colour mode can express: in `"dos"` mode bold
 * folds into the foreground (fg | 8) and, with iCE colours, blink into the background.
 */
export function describeShown(
  term: xterm.Terminal,
  x: number,
  line: number,
  kind: TerminalKind,
): string {
  const cell = term.buffer.active.getLine(line)?.getCell(x);
  if (!cell) return "missing";
  const glyph = cell.getChars() || " ";
  let fg = emulatorColor(cell.getFgColorMode(), cell.getFgColor(), 7);
  let bg = emulatorColor(cell.getBgColorMode(), cell.getBgColor(), 0);
  let bold = cell.isBold() !== 0;
  let blink = cell.isBlink() !== 0;
  if (kind.color === "dos") {
    if (bold) fg |= 8;
    bold = false;
    if (kind.iceColors) {
      if (blink) bg |= 8;
      blink = false;
    }
  }
  return describe(glyph, fg, bg, bold, cell.isUnderline() !== 0, blink, cell.isInverse() !== 0);
}

/** The glyph a terminal of `charset` shows for `codePoint` (after `?` replacement). */
export function shownGlyph(codePoint: number, charset: Charset): string {
  if (charset === "cp437") return CP437_TO_UNICODE[cp437GlyphByte(codePoint)]!;
  return String.fromCodePoint(codePoint);
}

/** How cell `i` of `screen` should look on a terminal of `kind`, comparable to describeShown. */
export function describeWanted(screen: Screen, i: number, kind: TerminalKind): string {
  const flags = screen.flags[i]!;
  let fg = screen.fg[i]!;
  let bg = screen.bg[i]!;
  let bold = (flags & BOLD) !== 0;
  let blink = (flags & BLINK) !== 0;
  switch (kind.color) {
    case "dos":
      fg = reduceTo16(fg) | (bold ? 8 : 0);
      bold = false;
      if (kind.iceColors) {
        bg = reduceTo16(bg) | (blink ? 8 : 0);
        blink = false;
      } else {
        bg = reduceTo16(bg) & 7;
      }
      break;
    case "xterm16":
      fg = reduceTo16(fg);
      bg = reduceTo16(bg);
      break;
    case "xterm256":
      fg = reduceTo256(fg);
      bg = reduceTo256(bg);
      break;
    default:
      fg = fg < RGB_FLAG ? fg & 0xff : fg;
      bg = bg < RGB_FLAG ? bg & 0xff : bg;
  }
  return describe(
    shownGlyph(screen.glyphs[i]!, kind.charset),
    fg,
    bg,
    bold,
    (flags & UNDERLINE) !== 0,
    blink,
    (flags & REVERSE) !== 0,
  );
}

/** A description with what cannot be seen on a blank (its foreground, bold, blink) left out. */
export function visibly(description: string): string {
  if (!description.startsWith('" " ')) return description;
  return description.replace(/ fg=\S+| bold| blink/g, "");
}

function describe(
  glyph: string,
  fg: number,
  bg: number,
  bold: boolean,
  underline: boolean,
  blink: boolean,
  reverse: boolean,
): string {
  const hex = (c: number) => c >= RGB_FLAG ? "#" + (c & 0xffffff).toString(16) : String(c);
  return `${JSON.stringify(glyph)} fg=${hex(fg)} bg=${hex(bg)}` +
    (bold ? " bold" : "") + (underline ? " underline" : "") + (blink ? " blink" : "") +
    (reverse ? " reverse" : "");
}

/**
 * A terminal cursor that knows only what every terminal agrees on. Printing in the last column
 * makes the position unknown (xterm defers the wrap, ANSI-BBS wraps at once), and anything but
 * an absolute move (CUP) from an unknown position fails, as does a relative move off the
 * screen, an LF on the bottom row (a scroll) unless `scrolls`, and, for `"dos"`, printing into
 * the bottom-right cell (which scrolls an immediate-wrap terminal) except on a 1×1 screen.
 * With `deferredWrap` (xterm line mode) a glyph in the last column may be followed by CR, which
 * cancels xterm's pending wrap, but by nothing else that moves or prints.
 */
export class CursorModel {
  x = 0;
  y = 0;
  known = false;
  readonly #width: number;
  readonly #height: number;
  readonly #utf8: boolean;
  readonly #guardCorner: boolean;
  readonly #scrolls: boolean;
  readonly #deferredWrap: boolean;
  #wrapPending = false;

  constructor(
    width: number,
    height: number,
    kind: TerminalKind,
    options: { scrolls?: boolean; deferredWrap?: boolean } = {},
  ) {
    this.#width = width;
    this.#height = height;
    this.#utf8 = kind.charset === "utf8";
    this.#guardCorner = kind.color === "dos" && width * height > 1;
    this.#scrolls = options.scrolls ?? false;
    this.#deferredWrap = options.deferredWrap ?? false;
  }

  #fail(message: string): never {
    throw new AssertionError({ message: `${message} at (${this.x}, ${this.y})` });
  }

  #needKnown(what: string): void {
    if (!this.known) this.#fail(`${what} from an unknown cursor position`);
  }

  /** Follows `bytes`, failing on the first step that is not safe on every terminal. */
  follow(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === 0x1b) {
        i = this.#escape(bytes, i);
      } else if (b === 0x0d) {
        if (this.#wrapPending) this.known = true;
        this.#wrapPending = false;
        this.#needKnown("CR");
        this.x = 0;
      } else if (b === 0x0a) {
        this.#needKnown("LF");
        if (this.y === this.#height - 1 && !this.#scrolls) this.#fail("LF on the bottom row");
        if (this.y < this.#height - 1) this.y++;
      } else if (b === 0x08) {
        this.#needKnown("BS");
        if (this.x === 0) this.#fail("BS in the first column");
        this.x--;
      } else if (b < 0x20) {
        this.#fail(`control byte ${b}`);
      } else if (!this.#utf8 || b < 0x80 || b >= 0xc0) {
        this.#glyph();
      }
    }
  }

  #glyph(): void {
    this.#needKnown("a glyph");
    if (this.x < this.#width - 1) {
      this.x++;
      return;
    }
    if (this.#guardCorner && this.y === this.#height - 1) {
      this.#fail("glyph printed into the bottom-right cell");
    }
    this.known = false;
    this.#wrapPending = this.#deferredWrap;
  }

  #escape(bytes: Uint8Array, at: number): number {
    if (bytes[at + 1] !== 0x5b) this.#fail("ESC without [");
    let i = at + 2;
    let text = "";
    while (i < bytes.length && (bytes[i]! < 0x40 || bytes[i]! > 0x7e)) {
      text += String.fromCharCode(bytes[i]!);
      i++;
    }
    const final = String.fromCharCode(bytes[i]!);
    const params = text.split(";").map((p) => p === "" ? undefined : Number(p));
    const n = params[0] ?? 1;
    switch (final) {
      case "H":
        this.y = (params[0] ?? 1) - 1;
        this.x = (params[1] ?? 1) - 1;
        this.known = true;
        break;
      case "A":
        this.#relative(0, -n);
        break;
      case "B":
        this.#relative(0, n);
        break;
      case "C":
        this.#relative(n, 0);
        break;
      case "D":
        this.#relative(-n, 0);
        break;
      case "L":
        this.#needKnown("IL");
        this.x = 0;
        break;
      case "@":
      case "K":
        this.#needKnown(`CSI ${final}`);
        break;
      case "J":
      case "m":
      case "h":
      case "l":
        break;
      default:
        this.#fail(`unexpected CSI ${text}${final}`);
    }
    return i;
  }

  #relative(dx: number, dy: number): void {
    this.#needKnown("a relative move");
    this.x += dx;
    this.y += dy;
    if (this.x < 0 || this.x >= this.#width || this.y < 0 || this.y >= this.#height) {
      this.#fail("relative move off the screen");
    }
  }
}

/** A small seeded PRNG (mulberry32), so every run tests the same cases. */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}
