/**
 * Line-mode output of a `Screen`: rows written one after another, each ended by CR LF, for
 * output that scrolls (ANSI art, paged text) rather than a screen kept up to date.
 *
 * Rows are assumed to land on blank lines (scrolled in, or cleared by the caller), so trailing
 * blanks are left out and long runs of blanks inside a row are skipped with CUF.
 *
 * A row that fills every column of the terminal is the delicate case: xterm keeps the cursor in
 * the last column (wrap pending) and the CR LF after it makes exactly one new line, but an
 * ANSI-BBS terminal wraps as soon as the last column is printed and the CR LF would add a blank
 * line. So in `"dos"` mode the last glyph is printed one column early, moved into place with
 * BS + ICH 1, and its neighbour printed again; the cursor then rests in the last column with no
 * wrap on any terminal, and CR LF means the same everywhere. (A 1-column `"dos"` terminal has no
 * neighbour to borrow, so its rows come out empty.) In the xterm modes the row is printed as it
 * is: those terminals defer the wrap, and the CR cancels it.
 *
 * @module
 */

import type { ByteWriter } from "../bytes/mod.ts";
import {
  cursorStepLength,
  Pen,
  writeCursorRight,
  writeInsertChars,
  writeSgrDelta,
  writeSgrReset,
} from "./ansi.ts";
import { writeGlyph } from "./glyphs.ts";
import type { Charset, ColorMode } from "./profile.ts";
import { BLINK, DEFAULT_BG, PLAIN, REVERSE, type Screen, type Style, UNDERLINE } from "./screen.ts";

const SPACE = 0x20;
const BS = 0x08;
const LF = 0x0a;
const CR = 0x0d;

/** Which rows to write and for what terminal. */
export interface WriteRowsOptions {
  /** First row to write (0-based). */
  fromRow: number;
  /** Row to stop before (exclusive); clipped to the screen. */
  toRow: number;
  /** Terminal columns: rows are clipped to this width. */
  width: number;
  /** How the terminal decodes glyphs. */
  charset: Charset;
  /** Which colours and SGR codes it understands. */
  color: ColorMode;
  /** In `"dos"` mode: blink means a bright background (iCE colours). */
  iceColors?: boolean;
}

/**
 * Appends rows `fromRow` to `toRow - 1` of `screen` as scrolling output: SGR 0 first, then each
 * row with SGR deltas, trailing blanks trimmed, clipped at `width` columns, and CR LF. Before a
 * CR LF the pen is reset only if it would colour the line a scroll brings in (a background,
 * reverse or blink); at the end it is always reset. Bytes are raw: telnet must escape 0xFF.
 *
 * @example
 * ```ts
 * writeRows(art, out, { fromRow: 0, toRow: art.height, width: 80, charset: "cp437", color: "dos" });
 * ```
 */
export function writeRows(screen: Screen, out: ByteWriter, options: WriteRowsOptions): void {
  const { width, charset, color } = options;
  const penOptions = options.iceColors === undefined
    ? { color }
    : { color, iceColors: options.iceColors };
  const pen = new Pen(penOptions);
  const probe = new Pen(penOptions);
  const style: Style = { fg: 0, bg: 0, flags: 0 };
  const dos = color === "dos";
  const columns = Math.max(0, Math.min(width, screen.width));

  const styleOf = (i: number): Style => {
    style.fg = screen.fg[i]!;
    style.bg = screen.bg[i]!;
    style.flags = screen.flags[i]!;
    return style;
  };
  // A space that looks like the terminal's own blank: default background, nothing visible on it.
  // (A plain space on the default background is one in every mode; others are asked of a pen.)
  const isBlank = (i: number): boolean => {
    if (screen.glyphs[i] !== SPACE) return false;
    if (screen.bg[i] === DEFAULT_BG && screen.flags[i] === 0) return true;
    probe.adopt(styleOf(i));
    return probe.bg === DEFAULT_BG && (probe.attrs & (UNDERLINE | REVERSE | BLINK)) === 0;
  };
  // The cell style the pen was last set for: a neighbour in the same style needs no SGR check.
  let penFg = -1;
  let penBg = -1;
  let penFlags = -1;
  const paint = (i: number): void => {
    const fg = screen.fg[i]!, bg = screen.bg[i]!, flags = screen.flags[i]!;
    if (fg !== penFg || bg !== penBg || flags !== penFlags) {
      writeSgrDelta(out, pen, styleOf(i));
      penFg = fg;
      penBg = bg;
      penFlags = flags;
    }
    writeGlyph(out, screen.glyphs[i]!, charset);
  };
  const resetPen = (): void => {
    writeSgrDelta(out, pen, PLAIN);
    penFg = penBg = penFlags = -1;
  };

  writeSgrReset(out);
  const last = Math.min(options.toRow, screen.height);
  for (let y = Math.max(0, options.fromRow); y < last; y++) {
    const row = y * screen.width;
    let end = columns;
    while (end > 0 && isBlank(row + end - 1)) end--;
    const cornerTrick = dos && end === width;
    const stop = cornerTrick ? Math.max(0, width - 2) : end;
    for (let x = 0; x < stop;) {
      if (isBlank(row + x)) {
        let run = 1;
        while (x + run < stop && isBlank(row + x + run)) run++;
        if (cursorStepLength(run) < run) {
          writeCursorRight(out, run);
          x += run;
          continue;
        }
      }
      paint(row + x);
      x++;
    }
    if (cornerTrick && width >= 2) {
      paint(row + width - 1);
      out.byte(BS);
      writeInsertChars(out, 1);
      paint(row + width - 2);
    }
    if (pen.bg !== DEFAULT_BG || pen.attrs & (REVERSE | BLINK)) resetPen();
    out.byte(CR).byte(LF);
  }
  resetPen();
}
