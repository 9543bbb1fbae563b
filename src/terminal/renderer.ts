/**
 * The screen renderer: keeps what the caller's terminal shows (the front screen) and turns the
 * difference between it and the next screen into the fewest bytes it can find.
 *
 * How it stays correct on every terminal a BBS meets:
 * - **Wrap.** Terminals differ at the last column: xterm defers the wrap until the next glyph,
 *   ANSI-BBS terminals wrap at once (ansi-bbs.org, ANSI-BBS2 "End of line behaviour"). The
 *   renderer never leans on either: after a glyph in the last column it forgets the cursor and
 *   moves with CUP, the one move that means the same in both states.
 * - **Bottom-right cell.** Printing it scrolls an immediate-wrap terminal. In `"dos"` mode it is
 *   printed one column to the left, the cursor steps back (BS), ICH 1 shifts it into the corner,
 *   and the left neighbour is printed again; a one-column screen uses IL the same way, and a
 *   1×1 screen (no neighbour to borrow) prints it directly. In the xterm modes it is printed
 *   directly: those terminals defer the wrap, so nothing scrolls.
 * - **0xFF.** Output is raw bytes: in CP437 a NBSP cell is the byte 0xFF, and the telnet
 *   session must escape it (`writeEscaped` in src/telnet doubles IAC), as it does for all
 *   output; other transports send the bytes as they are.
 * - **Defaults.** SGR 0 is taken to mean light grey on black (`PLAIN`), as on BBS terminals.
 * - **Ownership.** Between renders nothing else may write to the screen area: output that moves
 *   the cursor, changes SGR or prints must be followed by `invalidate()`.
 *
 * @module
 */

import type { ByteWriter } from "../bytes/mod.ts";
import {
  cursorStepLength,
  cursorToLength,
  Pen,
  writeCursorDown,
  writeCursorLeft,
  writeCursorRight,
  writeCursorTo,
  writeCursorUp,
  writeEraseDisplay,
  writeEraseLine,
  writeInsertChars,
  writeInsertLines,
  writeSgrDelta,
  writeSgrReset,
} from "./ansi.ts";
import { glyphByteLength, writeGlyph } from "./glyphs.ts";
import type { Charset, ColorMode } from "./profile.ts";
import { DEFAULT_BG, DEFAULT_FG, PLAIN, Screen, type Style } from "./screen.ts";

const SPACE = 0x20;
const BS = 0x08;
const LF = 0x0a;
const CR = 0x0d;

// How the cursor travels along a row (chosen by #horizontalCost, carried out by #moveTo).
const STAY = 0;
const BACKSPACE = 1;
const LEFT = 2;
const RIGHT = 3;
const REPRINT = 4;

// How the cursor reaches a row.
const ABSOLUTE = 0;
const RELATIVE = 1;
const NEWLINE = 2;

/** A caller's terminal as the renderer needs to know it. */
export interface RendererOptions {
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
  /** How the terminal decodes glyphs. */
  charset: Charset;
  /** Which colours and SGR codes it understands. */
  color: ColorMode;
  /** In `"dos"` mode: blink means a bright background (iCE colours). */
  iceColors?: boolean;
}

/**
 * Draws `Screen`s on one caller's terminal, sending only what changed since the last render.
 * Owns its front screen, pen and cursor knowledge; reuses them, so a frame allocates nothing.
 *
 * @example
 * ```ts
 * const renderer = new Renderer({ width: 80, height: 25, charset: "cp437", color: "dos" });
 * const screen = new Screen(80, 25);
 * screen.write(2, 1, "Main Menu", { fg: WHITE + BRIGHT, bg: BLUE, flags: 0 });
 * renderer.render(screen, out); // clears, then draws
 * screen.write(2, 1, "Mail Menu", { fg: WHITE + BRIGHT, bg: BLUE, flags: 0 });
 * renderer.render(screen, out); // moves to (4, 1) and prints "il"
 * ```
 */
export class Renderer {
  #front: Screen;
  readonly #pen: Pen;
  readonly #charset: Charset;
  readonly #cp437: boolean;
  readonly #dos: boolean;
  /** The next render clears the terminal first. */
  #fresh = true;
  /** Cursor column and row on the terminal; -1 when unknown (after the last column). */
  #x = -1;
  #y = -1;
  /** The cell style the pen was last set for; -1 when none. */
  #penFg = -1;
  #penBg = -1;
  #penFlags = -1;
  readonly #want: Style = { fg: DEFAULT_FG, bg: DEFAULT_BG, flags: 0 };
  /** The plan the last #horizontalCost call priced. */
  #horizontal = STAY;

  /** A renderer whose first render clears the terminal and draws everything. */
  constructor(options: RendererOptions) {
    this.#front = new Screen(options.width, options.height);
    this.#pen = new Pen(
      options.iceColors === undefined
        ? { color: options.color }
        : { color: options.color, iceColors: options.iceColors },
    );
    this.#charset = options.charset;
    this.#cp437 = options.charset === "cp437";
    this.#dos = options.color === "dos";
  }

  /** Columns of the terminal. */
  get width(): number {
    return this.#front.width;
  }

  /** Rows of the terminal. */
  get height(): number {
    return this.#front.height;
  }

  /** Forgets what the terminal shows: the next render clears it and draws everything. */
  invalidate(): void {
    this.#fresh = true;
  }

  /** Adopts a new terminal size (after NAWS); the next render repaints. */
  resize(width: number, height: number): void {
    this.#front = new Screen(width, height);
    this.#fresh = true;
  }

  /**
   * Appends to `out` the bytes that turn the terminal from what the last render left into
   * `target`, then remembers `target` as what it shows. The cursor ends at
   * `target.cursorX`/`cursorY`. Rendering the same screen twice appends nothing.
   *
   * @throws {RangeError} when `target` is not the renderer's size
   */
  render(target: Screen, out: ByteWriter): void {
    const front = this.#front;
    const width = front.width;
    const height = front.height;
    if (target.width !== width || target.height !== height) {
      throw new RangeError(
        `Cannot render a ${target.width}x${target.height} screen on a ${width}x${height} terminal`,
      );
    }
    if (this.#fresh) this.#clear(out);
    const cells = width * height;
    const corner = cells - 1;
    // The dos corner trick draws the cell before the corner too, so that cell is skipped when
    // the trick will run: the corner changes and is not blank (a blank corner may go with EL).
    const skip = this.#dos && corner > 0 && nextChange(target, front, corner, cells) === corner &&
        !isPlainBlank(target, corner)
      ? corner - 1
      : -1;
    let blankRow = -1;
    let blankFrom = 0;
    for (let i = nextChange(target, front, 0, cells); i < cells;) {
      const y = (i / width) | 0;
      const x = i - y * width;
      if (y !== blankRow) {
        blankRow = y;
        blankFrom = blankTail(target, y * width, width);
      }
      if (x >= blankFrom && this.#eraseTail(out, target, x, y)) {
        i = nextChange(target, front, (y + 1) * width, cells);
        continue;
      }
      if (i === corner && this.#dos) {
        this.#drawCorner(out, target);
      } else if (i !== skip) {
        this.#moveTo(out, target, x, y);
        this.#draw(out, target, i);
      }
      i = nextChange(target, front, i + 1, cells);
    }
    const cursorX = Math.max(0, Math.min(width - 1, target.cursorX | 0));
    const cursorY = Math.max(0, Math.min(height - 1, target.cursorY | 0));
    this.#moveTo(out, target, cursorX, cursorY);
    front.cursorX = cursorX;
    front.cursorY = cursorY;
  }

  /** Assumes nothing: SGR 0, ED 2, home. Cells blank in `PLAIN` then need no drawing. */
  #clear(out: ByteWriter): void {
    writeSgrReset(out);
    writeEraseDisplay(out, 2);
    writeCursorTo(out, 0, 0);
    this.#pen.reset();
    this.#penFg = DEFAULT_FG;
    this.#penBg = DEFAULT_BG;
    this.#penFlags = 0;
    this.#x = 0;
    this.#y = 0;
    this.#front.clear(PLAIN);
    this.#fresh = false;
  }

  /** Sets the pen for cell `i` and prints its glyph, without bookkeeping. */
  #paint(out: ByteWriter, target: Screen, i: number): void {
    const fg = target.fg[i]!;
    const bg = target.bg[i]!;
    const flags = target.flags[i]!;
    if (fg !== this.#penFg || bg !== this.#penBg || flags !== this.#penFlags) {
      this.#setPen(out, fg, bg, flags);
    }
    writeGlyph(out, target.glyphs[i]!, this.#charset);
  }

  /** Prints cell `i` at the cursor and records it as shown. */
  #draw(out: ByteWriter, target: Screen, i: number): void {
    this.#paint(out, target, i);
    this.#record(target, i);
    if (++this.#x === this.#front.width) this.#x = this.#y = -1;
  }

  #record(target: Screen, i: number): void {
    const front = this.#front;
    front.glyphs[i] = target.glyphs[i]!;
    front.fg[i] = target.fg[i]!;
    front.bg[i] = target.bg[i]!;
    front.flags[i] = target.flags[i]!;
  }

  #setPen(out: ByteWriter, fg: number, bg: number, flags: number): void {
    const want = this.#want;
    want.fg = fg;
    want.bg = bg;
    want.flags = flags;
    writeSgrDelta(out, this.#pen, want);
    this.#penFg = fg;
    this.#penBg = bg;
    this.#penFlags = flags;
  }

  /**
   * Clears the row from column `x` with EL when everything from there on is blank in the
   * target and erasing is cheaper than drawing the changed cells.
   */
  #eraseTail(out: ByteWriter, target: Screen, x: number, y: number): boolean {
    const front = this.#front;
    const width = front.width;
    const row = y * width;
    let last = x;
    for (let c = width - 1; c > x; c--) {
      if (!isPlainBlank(front, row + c)) {
        last = c;
        break;
      }
    }
    // Drawing prints every cell up to the last changed one; in the last column it also costs
    // the cursor (about a CUP). EL is 3 bytes and leaves the cursor where it is.
    if (last - x + 1 + (last === width - 1 ? 4 : 0) <= 3) return false;
    this.#moveTo(out, target, x, y);
    if (this.#penFg !== DEFAULT_FG || this.#penBg !== DEFAULT_BG || this.#penFlags !== 0) {
      this.#setPen(out, DEFAULT_FG, DEFAULT_BG, 0);
    }
    writeEraseLine(out, 0);
    front.fill(x, y, width - x, 1, SPACE, PLAIN);
    return true;
  }

  /** Draws the bottom-right cell without printing into it (`"dos"` mode; see the module doc). */
  #drawCorner(out: ByteWriter, target: Screen): void {
    const { width, height } = this.#front;
    const corner = width * height - 1;
    if (width >= 2) {
      this.#moveTo(out, target, width - 2, height - 1);
      this.#paint(out, target, corner);
      this.#x = width - 1;
      this.#moveTo(out, target, width - 2, height - 1);
      writeInsertChars(out, 1);
      this.#draw(out, target, corner - 1);
    } else if (height >= 2) {
      this.#moveTo(out, target, 0, height - 2);
      this.#paint(out, target, corner);
      writeCursorTo(out, 0, height - 2);
      writeInsertLines(out, 1);
      this.#x = 0;
      this.#y = height - 2;
      this.#draw(out, target, corner - 1);
    } else {
      this.#moveTo(out, target, 0, 0);
      this.#paint(out, target, corner);
      this.#x = this.#y = -1;
    }
    this.#record(target, corner);
  }

  /**
   * Moves the cursor to (x, y) the cheapest way: CUP; CUU/CUD then along the row; or CR and
   * LFs then along the row. Along a row means BS or CUB leftwards, and CUF or re-printing the
   * cells in between rightwards. Every cell before (x, y) is already drawn, so re-printing
   * shows the same thing again; it is used only when those cells need no SGR change.
   */
  #moveTo(out: ByteWriter, target: Screen, x: number, y: number): void {
    const fromX = this.#x;
    const fromY = this.#y;
    if (fromX === x && fromY === y) return;
    let best = cursorToLength(x, y);
    let vertical = ABSOLUTE;
    let horizontal = STAY;
    if (fromX >= 0) {
      const down = y - fromY;
      const rowCost = down === 0 ? 0 : cursorStepLength(down < 0 ? -down : down);
      if (rowCost < best) {
        const cost = rowCost + this.#horizontalCost(target, fromX, x, y, best - rowCost);
        if (cost < best) {
          best = cost;
          vertical = RELATIVE;
          horizontal = this.#horizontal;
        }
      }
      // A bare CR is not sent (telnet wants CR LF or CR NUL, RFC 854), so CR only goes with LF.
      if (down > 0 && 1 + down < best) {
        const cost = 1 + down + this.#horizontalCost(target, 0, x, y, best - 1 - down);
        if (cost < best) {
          best = cost;
          vertical = NEWLINE;
          horizontal = this.#horizontal;
        }
      }
    }
    if (vertical === ABSOLUTE) {
      writeCursorTo(out, x, y);
    } else {
      let from = fromX;
      if (vertical === NEWLINE) {
        out.byte(CR);
        for (let k = fromY; k < y; k++) out.byte(LF);
        from = 0;
      } else if (y < fromY) {
        writeCursorUp(out, fromY - y);
      } else {
        writeCursorDown(out, y - fromY);
      }
      if (horizontal === BACKSPACE) {
        for (let k = x; k < from; k++) out.byte(BS);
      } else if (horizontal === LEFT) {
        writeCursorLeft(out, from - x);
      } else if (horizontal === RIGHT) {
        writeCursorRight(out, x - from);
      } else if (horizontal === REPRINT) {
        const row = y * this.#front.width;
        for (let i = row + from; i < row + x; i++) this.#paint(out, target, i);
      }
    }
    this.#x = x;
    this.#y = y;
  }

  /** Prices moving along row `y` from column `from` to `to` (at least `limit` = no better). */
  #horizontalCost(target: Screen, from: number, to: number, y: number, limit: number): number {
    if (from === to) {
      this.#horizontal = STAY;
      return 0;
    }
    if (from > to) {
      const n = from - to;
      const step = cursorStepLength(n);
      this.#horizontal = n < step ? BACKSPACE : LEFT;
      return n < step ? n : step;
    }
    const step = cursorStepLength(to - from);
    const row = y * this.#front.width;
    const reprint = this.#reprintCost(target, row + from, row + to, step < limit ? step : limit);
    this.#horizontal = reprint < step ? REPRINT : RIGHT;
    return reprint < step ? reprint : step;
  }

  /** Bytes to re-print cells `start` to `end - 1` with the pen as it is, or `limit` if more. */
  #reprintCost(target: Screen, start: number, end: number, limit: number): number {
    if (this.#cp437 && end - start >= limit) return limit;
    const fg = this.#penFg;
    const bg = this.#penBg;
    const flags = this.#penFlags;
    let cost = 0;
    for (let i = start; i < end; i++) {
      if (target.fg[i] !== fg || target.bg[i] !== bg || target.flags[i] !== flags) return limit;
      cost += this.#cp437 ? 1 : glyphByteLength(target.glyphs[i]!, "utf8");
      if (cost >= limit) return limit;
    }
    return cost;
  }
}

/** The first cell in `from`..`end - 1` where `target` and `shown` differ, or `end`. */
function nextChange(target: Screen, shown: Screen, from: number, end: number): number {
  const { glyphs, fg, bg, flags } = target;
  const shownGlyphs = shown.glyphs;
  const shownFg = shown.fg;
  const shownBg = shown.bg;
  const shownFlags = shown.flags;
  for (let i = from; i < end; i++) {
    // One branch per cell: XOR is zero only where all four match.
    if (
      ((glyphs[i]! ^ shownGlyphs[i]!) | (fg[i]! ^ shownFg[i]!) | (bg[i]! ^ shownBg[i]!) |
        (flags[i]! ^ shownFlags[i]!)) !== 0
    ) return i;
  }
  return end;
}

/** True when cell `i` of `screen` is a space in `PLAIN`, as ED and EL leave it. */
function isPlainBlank(screen: Screen, i: number): boolean {
  return screen.glyphs[i] === SPACE && screen.fg[i] === DEFAULT_FG &&
    screen.bg[i] === DEFAULT_BG && screen.flags[i] === 0;
}

/** The first column from which row `row` of `screen` is all spaces in `PLAIN`. */
function blankTail(screen: Screen, row: number, width: number): number {
  let x = width;
  while (x > 0 && isPlainBlank(screen, row + x - 1)) x--;
  return x;
}
