/**
 * ANSI escape sequences written straight into a {@linkcode ByteWriter}: cursor moves, erases,
 * insertions, cursor visibility, and SGR colour changes as the shortest step from the pen the
 * terminal holds to the style wanted.
 *
 * Sources, cited once: ECMA-48 5th edition (1991) §8.3 for the control functions; xterm's
 * "Control Sequences" (invisible-island.net/xterm/ctlseqs/ctlseqs.html) for DECTCEM, SGR 90–107
 * and the 38/48 colour forms; ANSI-BBS (ansi-bbs.org, and Paul Wheaton's BANSI.TXT) for what
 * DOS-style BBS terminals accept: only SGR 0, 1, 4, 5, 7, 30–37, 40–47 (no 22/24/25/27, so an
 * attribute goes off only with a reset) and immediate wrap at the last column.
 *
 * Nothing here builds strings at run time: constant sequences are encoded at module load and
 * numbers are written digit by digit.
 *
 * @module
 */

import type { ByteWriter } from "../bytes/mod.ts";
import { reduceTo16, reduceTo256 } from "./palette.ts";
import type { ColorMode } from "./profile.ts";
import {
  BLINK,
  BOLD,
  DEFAULT_BG,
  DEFAULT_FG,
  REVERSE,
  RGB_FLAG,
  type Style,
  UNDERLINE,
} from "./screen.ts";

const ESC = 0x1b;
const LEFT_BRACKET = 0x5b;
const SEMICOLON = 0x3b;
const DIGIT_0 = 0x30;
const SGR_FINAL = 0x6d; // m

/** Encodes an ASCII constant at module load. */
function sequence(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

const SGR_RESET = sequence("\x1b[0m");
const CURSOR_HOME = sequence("\x1b[H");
const HIDE_CURSOR = sequence("\x1b[?25l");
const SHOW_CURSOR = sequence("\x1b[?25h");
const ERASE_DISPLAY = [sequence("\x1b[J"), sequence("\x1b[1J"), sequence("\x1b[2J")];
const ERASE_LINE = [sequence("\x1b[K"), sequence("\x1b[1K"), sequence("\x1b[2K")];

/** Digits in the decimal form of a non-negative integer. */
function digits(n: number): number {
  let count = 1;
  while (n >= 10) {
    n = (n / 10) | 0;
    count++;
  }
  return count;
}

/** Writes a non-negative integer in decimal without making a string. */
function writeNumber(out: ByteWriter, n: number): void {
  if (n < 10) {
    out.byte(DIGIT_0 + n);
  } else if (n < 100) {
    out.byte(DIGIT_0 + ((n / 10) | 0)).byte(DIGIT_0 + (n % 10));
  } else {
    let divisor = 100;
    while (divisor * 10 <= n) divisor *= 10;
    for (; divisor >= 1; divisor /= 10) out.byte(DIGIT_0 + (((n / divisor) | 0) % 10));
  }
}

/** `CSI n <final>`, leaving out n when it is 1, the default (ECMA-48 §5.4.2). */
function writeCountedCsi(out: ByteWriter, n: number, final: number): void {
  out.byte(ESC).byte(LEFT_BRACKET);
  if (n !== 1) writeNumber(out, n);
  out.byte(final);
}

/**
 * CUP, cursor position (ECMA-48 §8.3.21): `CSI row ; col H`, 1-based on the wire, written as
 * `CSI H` for the home cell and `CSI row H` for column 1.
 *
 * @param x column, 0-based
 * @param y row, 0-based
 */
export function writeCursorTo(out: ByteWriter, x: number, y: number): void {
  if (x === 0 && y === 0) {
    out.bytes(CURSOR_HOME);
    return;
  }
  out.byte(ESC).byte(LEFT_BRACKET);
  writeNumber(out, y + 1);
  if (x !== 0) {
    out.byte(SEMICOLON);
    writeNumber(out, x + 1);
  }
  out.byte(0x48); // H
}

/** Bytes `writeCursorTo(out, x, y)` writes. */
export function cursorToLength(x: number, y: number): number {
  if (x === 0) return y === 0 ? 3 : 3 + digits(y + 1);
  return 4 + digits(y + 1) + digits(x + 1);
}

/** CUU, cursor up `n` rows (ECMA-48 §8.3.22): `CSI n A`. Stops at the top row. */
export function writeCursorUp(out: ByteWriter, n: number): void {
  if (n > 0) writeCountedCsi(out, n, 0x41);
}

/** CUD, cursor down `n` rows (ECMA-48 §8.3.19): `CSI n B`. Stops at the bottom row; no scroll. */
export function writeCursorDown(out: ByteWriter, n: number): void {
  if (n > 0) writeCountedCsi(out, n, 0x42);
}

/** CUF, cursor right `n` columns (ECMA-48 §8.3.20): `CSI n C`. Stops at the last column. */
export function writeCursorRight(out: ByteWriter, n: number): void {
  if (n > 0) writeCountedCsi(out, n, 0x43);
}

/** CUB, cursor left `n` columns (ECMA-48 §8.3.18): `CSI n D`. Stops at the first column. */
export function writeCursorLeft(out: ByteWriter, n: number): void {
  if (n > 0) writeCountedCsi(out, n, 0x44);
}

/** Bytes one of the `n`-step moves (`writeCursorUp` … `writeCursorLeft`) writes, for n ≥ 1. */
export function cursorStepLength(n: number): number {
  return n === 1 ? 3 : 3 + digits(n);
}

/**
 * CHA, cursor to column `x` (0-based) of the current row (ECMA-48 §8.3.9): `CSI n G`. ANSI.SYS
 * lacks it, so the renderer does not use it.
 */
export function writeCursorColumn(out: ByteWriter, x: number): void {
  writeCountedCsi(out, x + 1, 0x47);
}

/**
 * ED, erase in display (ECMA-48 §8.3.39): `CSI n J`; 0 from the cursor to the end, 1 from the
 * start to the cursor, 2 all (ANSI.SYS also homes the cursor on 2). Erased cells take the
 * current background on most terminals, so reset SGR first for a default-coloured screen.
 */
export function writeEraseDisplay(out: ByteWriter, mode: 0 | 1 | 2 = 2): void {
  out.bytes(ERASE_DISPLAY[mode]!);
}

/**
 * EL, erase in line (ECMA-48 §8.3.41): `CSI n K`; 0 from the cursor to the end of the line,
 * 1 from the start to the cursor, 2 the whole line. The cursor does not move.
 */
export function writeEraseLine(out: ByteWriter, mode: 0 | 1 | 2 = 0): void {
  out.bytes(ERASE_LINE[mode]!);
}

/**
 * ICH, insert `n` blank characters at the cursor (ECMA-48 §8.3.64): `CSI n @`. The rest of the
 * line shifts right and its last characters fall off; the cursor does not move.
 */
export function writeInsertChars(out: ByteWriter, n = 1): void {
  if (n > 0) writeCountedCsi(out, n, 0x40);
}

/**
 * IL, insert `n` blank lines at the cursor row (ECMA-48 §8.3.67): `CSI n L`. Lines below shift
 * down and the bottom ones fall off; xterm puts the cursor in the first column.
 */
export function writeInsertLines(out: ByteWriter, n = 1): void {
  if (n > 0) writeCountedCsi(out, n, 0x4c);
}

/** DECTCEM, hide (`CSI ? 25 l`) or show (`CSI ? 25 h`) the cursor (xterm ctlseqs). */
export function writeCursorVisible(out: ByteWriter, visible: boolean): void {
  out.bytes(visible ? SHOW_CURSOR : HIDE_CURSOR);
}

/** SGR 0 (ECMA-48 §8.3.117): `CSI 0 m`, every attribute off, default colours. */
export function writeSgrReset(out: ByteWriter): void {
  out.bytes(SGR_RESET);
}

/**
 * The SGR state a terminal is in, as sent on the wire for one colour mode. After `reset()` it
 * is light grey on black with no attributes: the renderer assumes the terminal's default
 * colours are those, as BBS terminals' are.
 *
 * What each `ColorMode` sends:
 * - `"dos"`: ANSI-BBS (SyncTERM, NetRunner, PuTTY in CP437 mode). 16 colours; foreground 8–15
 *   is bold + 30–37, so `BOLD` and a bright foreground mean the same. With iCE colours a
 *   background 8–15 is blink + 40–47, so `BLINK` means a bright background and nothing can
 *   blink; without, backgrounds are reduced to 0–7. Higher colours go to the nearest of 16.
 * - `"xterm16"`: 30–37/90–97 and 40–47/100–107; bold, underline, blink, reverse independent.
 * - `"xterm256"`: as xterm16, plus 38;5;n and 48;5;n for 16–255; RGB to the nearest entry.
 * - `"truecolor"`: as xterm256, plus 38;2;r;g;b and 48;2;r;g;b for RGB.
 *
 * @example
 * ```ts
 * const pen = new Pen({ color: "dos", iceColors: true });
 * writeSgrDelta(out, pen, { fg: YELLOW + BRIGHT, bg: BLUE, flags: 0 }); // ESC[1;33;44m
 * ```
 */
export class Pen {
  /** The colour mode the pen's values are in. */
  readonly color: ColorMode;
  /** In `"dos"` mode: blink means a bright background. Always false in other modes. */
  readonly iceColors: boolean;
  /**
   * Foreground as sent: 0–7 in `"dos"` mode (brightness is the `BOLD` attribute), 0–15 in
   * `"xterm16"`, 0–255 in `"xterm256"`, a palette index or `RGB_FLAG | 0xRRGGBB` in
   * `"truecolor"`.
   */
  fg: number = DEFAULT_FG;
  /** Background as sent, like `fg` (in `"dos"` mode with iCE colours, brightness is `BLINK`). */
  bg: number = DEFAULT_BG;
  /** `BOLD | UNDERLINE | BLINK | REVERSE` as sent. */
  attrs = 0;

  /** A pen in the reset state. */
  constructor(options: { color: ColorMode; iceColors?: boolean }) {
    this.color = options.color;
    this.iceColors = options.color === "dos" && (options.iceColors ?? false);
  }

  /** Records that the terminal was sent SGR 0. */
  reset(): this {
    this.fg = DEFAULT_FG;
    this.bg = DEFAULT_BG;
    this.attrs = 0;
    return this;
  }

  /** Sets the pen to what drawing `style` needs, writing nothing (to ask how a style looks). */
  adopt(style: Readonly<Style>): this {
    resolve(this, style);
    this.fg = wantFg;
    this.bg = wantBg;
    this.attrs = wantAttrs;
    return this;
  }

  /** True when drawing `style` needs no SGR at all. */
  draws(style: Readonly<Style>): boolean {
    resolve(this, style);
    return wantFg === this.fg && wantBg === this.bg && wantAttrs === this.attrs;
  }
}

// Scratch for resolve(): the wire state a style needs. Module-level, so nothing is allocated.
let wantFg = 0;
let wantBg = 0;
let wantAttrs = 0;

/** Puts what `style` needs on the wire in `pen`'s mode into wantFg/wantBg/wantAttrs. */
function resolve(pen: Pen, style: Readonly<Style>): void {
  const { fg, bg, flags } = style;
  switch (pen.color) {
    case "dos": {
      const fg16 = reduceTo16(fg);
      const bg16 = reduceTo16(bg);
      let attrs = flags & (UNDERLINE | REVERSE);
      if (fg16 >= 8 || flags & BOLD) attrs |= BOLD;
      if (pen.iceColors ? bg16 >= 8 || flags & BLINK : flags & BLINK) attrs |= BLINK;
      wantFg = fg16 & 7;
      wantBg = bg16 & 7;
      wantAttrs = attrs;
      return;
    }
    case "xterm16":
      wantFg = reduceTo16(fg);
      wantBg = reduceTo16(bg);
      break;
    case "xterm256":
      wantFg = reduceTo256(fg);
      wantBg = reduceTo256(bg);
      break;
    default:
      wantFg = fg < RGB_FLAG ? fg & 0xff : RGB_FLAG | (fg & 0xffffff);
      wantBg = bg < RGB_FLAG ? bg & 0xff : RGB_FLAG | (bg & 0xffffff);
  }
  wantAttrs = flags & (BOLD | UNDERLINE | BLINK | REVERSE);
}

/** Set bits among the four attribute bits. */
const ATTR_COUNT = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];
/** SGR parameters that turn BOLD, UNDERLINE, BLINK, REVERSE on, and (xterm) off again. */
const ATTR_BITS = [BOLD, UNDERLINE, BLINK, REVERSE];
const ATTR_ON = [1, 4, 5, 7];
const ATTR_OFF = [22, 24, 25, 27];

/** Characters of the SGR parameter for a wire colour (`30`, `91`, `38;5;n`, `38;2;r;g;b`). */
function colorLength(color: number, isBackground: boolean): number {
  if (color < 8) return 2;
  if (color < 16) return isBackground ? 3 : 2;
  if (color < RGB_FLAG) return 5 + digits(color);
  return 7 + digits((color >> 16) & 0xff) + digits((color >> 8) & 0xff) + digits(color & 0xff);
}

/** Writes the SGR parameter for a wire colour; `base` is 30 (foreground) or 40 (background). */
function writeColor(out: ByteWriter, color: number, base: number): void {
  if (color < 8) {
    writeNumber(out, base + color);
  } else if (color < 16) {
    writeNumber(out, base + 52 + color); // 90–97, 100–107
  } else {
    writeNumber(out, base + 8);
    out.byte(SEMICOLON);
    if (color < RGB_FLAG) {
      out.byte(0x35).byte(SEMICOLON); // 5;
      writeNumber(out, color);
    } else {
      out.byte(0x32).byte(SEMICOLON); // 2;
      writeNumber(out, (color >> 16) & 0xff);
      out.byte(SEMICOLON);
      writeNumber(out, (color >> 8) & 0xff);
      out.byte(SEMICOLON);
      writeNumber(out, color & 0xff);
    }
  }
}

/**
 * SGR, select graphic rendition (ECMA-48 §8.3.117): appends the shortest `CSI … m` that takes
 * the terminal from `pen` to `to`, or nothing when the pen already draws it, and updates `pen`.
 *
 * Two forms are weighed: a delta (only what changes, `22`/`24`/`25`/`27` to turn attributes
 * off) and a reset (`0;` then everything the target needs). `"dos"` terminals have no
 * attribute-off codes, so there turning any attribute off is always a reset.
 *
 * @example
 * ```ts
 * const pen = new Pen({ color: "xterm16" });
 * writeSgrDelta(out, pen, { fg: RED, bg: BLACK, flags: BOLD }); // ESC[1;31m
 * writeSgrDelta(out, pen, PLAIN); // ESC[0m: shorter than ESC[22;37m
 * ```
 */
export function writeSgrDelta(out: ByteWriter, pen: Pen, to: Readonly<Style>): void {
  resolve(pen, to);
  const fg = wantFg;
  const bg = wantBg;
  const attrs = wantAttrs;
  const fgChanged = fg !== pen.fg;
  const bgChanged = bg !== pen.bg;
  const changed = attrs ^ pen.attrs;
  if (!fgChanged && !bgChanged && changed === 0) return;
  const off = changed & pen.attrs;
  const on = changed & attrs;
  // Each parameter after the first costs its characters plus one ";".
  const resetLength = 1 + 2 * ATTR_COUNT[attrs]! +
    (fg !== DEFAULT_FG ? 1 + colorLength(fg, false) : 0) +
    (bg !== DEFAULT_BG ? 1 + colorLength(bg, true) : 0);
  let reset = off !== 0 && pen.color === "dos";
  if (!reset) {
    const deltaLength = 2 * ATTR_COUNT[on]! + 3 * ATTR_COUNT[off]! +
      (fgChanged ? 1 + colorLength(fg, false) : 0) + (bgChanged ? 1 + colorLength(bg, true) : 0) -
      1;
    reset = resetLength < deltaLength;
  }
  out.byte(ESC).byte(LEFT_BRACKET);
  let separate = reset;
  if (reset) out.byte(DIGIT_0);
  for (let k = 0; k < 4; k++) {
    const bit = ATTR_BITS[k]!;
    const code = reset
      ? (attrs & bit ? ATTR_ON[k]! : 0)
      : on & bit
      ? ATTR_ON[k]!
      : off & bit
      ? ATTR_OFF[k]!
      : 0;
    if (code === 0) continue;
    if (separate) out.byte(SEMICOLON);
    separate = true;
    writeNumber(out, code);
  }
  if (reset ? fg !== DEFAULT_FG : fgChanged) {
    if (separate) out.byte(SEMICOLON);
    separate = true;
    writeColor(out, fg, 30);
  }
  if (reset ? bg !== DEFAULT_BG : bgChanged) {
    if (separate) out.byte(SEMICOLON);
    writeColor(out, bg, 40);
  }
  out.byte(SGR_FINAL);
  pen.fg = fg;
  pen.bg = bg;
  pen.attrs = attrs;
}
