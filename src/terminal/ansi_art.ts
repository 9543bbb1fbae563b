/**
 * ANSI art (.ANS/.ASC) read onto a `Screen`, the way an ANSI-BBS terminal (ANSI.SYS, SyncTERM,
 * PabloDraw) draws it: CP437 glyphs, DOS colours, cursor moves.
 *
 * Controls — only these bytes act; every other byte, 0x01–0x06, 0x0B, 0x0C, 0x0E–0x19,
 * 0x1C–0x1F and 0x7F included, prints its CP437 glyph (☺ ♂ ♀ ► ∟ ⌂ …), as on a DOS screen:
 * - NUL 0x00, BEL 0x07: ignored (padding; no bell in a picture).
 * - BS 0x08: cursor one column left, stopping at column 0; nothing is erased.
 * - TAB 0x09: cursor to the next multiple of 8, stopping at the last column.
 * - LF 0x0A: cursor to column 0 of the next row (Unix-edited art has no CR).
 * - CR 0x0D: cursor to column 0.
 * - SUB 0x1A: end of the art; nothing after it is read (DOS end of file).
 * - ESC 0x1B: starts an escape sequence.
 *
 * Wrap rule — a glyph printed in the last column moves the cursor at once to column 0 of the
 * next row (ANSI-BBS immediate wrap, so art that relies on wrapping lines up). The newline that
 * usually follows such a full line is then absorbed: after a wrap, any number of CRs and SGR or
 * other non-moving sequences may follow, and the first LF is swallowed. So "80 glyphs CR LF"
 * takes one row, and "80 glyphs ESC[0m CR LF CR LF" leaves exactly one blank row. Printing or
 * moving the cursor ends the grace.
 *
 * The canvas is a picture, not a window: it never scrolls, CUP rows count from the top of the
 * art, and it grows downwards as drawing reaches new rows, up to `maxRows`. Drawing below that
 * is dropped (and reported as `clipped`).
 *
 * @module
 */

import { CP437_TO_UNICODE } from "./cp437.ts";
import {
  allocateCells,
  BLINK,
  BRIGHT,
  type CellArrays,
  DEFAULT_BG,
  DEFAULT_FG,
  rgb,
  Screen,
  UNDERLINE,
} from "./screen.ts";

/** How `readAnsiArt` reads a file. */
export interface AnsiArtOptions {
  /** Columns (SAUCE `width`); missing, zero or not a number means 80, more than 1024 is cut. */
  width?: number | undefined;
  /** Blink means bright background (SAUCE `iceColors`) instead of the `BLINK` flag. */
  iceColors?: boolean | undefined;
  /** Rows the canvas may grow to (default 1000); width × maxRows × 13 bytes bounds memory. */
  maxRows?: number | undefined;
}

/**
 * The canvas `readAnsiArt` draws: a `Screen` exactly as tall as the rows the art used (at least
 * one row, which a `Screen` needs), with the cursor where the art left it, kept on the screen.
 */
export class AnsiArtScreen extends Screen {
  /** Rows the art touched (printed or erased on), counted from the top; 0 for empty art. */
  readonly usedHeight: number;
  /** True when drawing went below `maxRows` and was dropped. */
  readonly clipped: boolean;

  /** A blank canvas, or one over `cells` as drawn; `readAnsiArt` makes these. */
  constructor(width: number, usedHeight: number, clipped: boolean, cells?: CellArrays) {
    super(width, Math.max(1, usedHeight), cells);
    this.usedHeight = usedHeight;
    this.clipped = clipped;
  }
}

/** Columns when the art does not say. */
const DEFAULT_WIDTH = 80;
/** Widest canvas: wider than any art editor makes, small enough that a lying SAUCE is harmless. */
const MAX_WIDTH = 1024;
const DEFAULT_MAX_ROWS = 1000;
/** Most rows allocated at first (fewer when the art has fewer lines); the canvas doubles from there. */
const INITIAL_ROWS = 32;
/** Parameters kept per sequence; more are read and dropped. */
const MAX_PARAMS = 16;
/** Largest parameter value kept; larger ones are clamped, so arithmetic stays small. */
const MAX_PARAM_VALUE = 65535;

const NUL = 0x00;
const BEL = 0x07;
const BS = 0x08;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SUB = 0x1a;
const ESC = 0x1b;
const SPACE = 0x20;

/** 1 for the bytes that act as controls (see the module doc); the rest print. */
const CONTROL = new Uint8Array(256);
for (const b of [NUL, BEL, BS, TAB, LF, CR, SUB, ESC]) CONTROL[b] = 1;

/** Unicode code point of each CP437 byte's glyph. */
const GLYPHS = Uint32Array.from(CP437_TO_UNICODE, (char) => char.codePointAt(0)!);

/** The drawing state of one read: cursor, pen and the growing canvas. */
class ArtReader {
  readonly #width: number;
  readonly #maxRows: number;
  readonly #ice: boolean;
  readonly #initialRows: number;
  #rows = 0;
  #used = 0;
  #clipped = false;
  #glyphs = new Uint32Array(0);
  #fg = new Uint32Array(0);
  #bg = new Uint32Array(0);
  #flags = new Uint8Array(0);
  /** Colours of rows not yet drawn (ED 2 repaints the canvas in the pen's background). */
  #blankFg = DEFAULT_FG;
  #blankBg = DEFAULT_BG;
  #x = 0;
  /** Row 0 … maxRows; maxRows itself is below the canvas, where drawing is dropped. */
  #y = 0;
  #savedX = 0;
  #savedY = 0;
  /** A glyph just wrapped the line, so the next LF is absorbed (see the wrap rule). */
  #wrapped = false;
  #penFg = DEFAULT_FG;
  #penBg = DEFAULT_BG;
  #bold = false;
  #blink = false;
  #reverse = false;
  #underline = false;
  /** The pen resolved to what a cell stores. */
  #cellFg = DEFAULT_FG;
  #cellBg = DEFAULT_BG;
  #cellFlags = 0;
  readonly #params = new Int32Array(MAX_PARAMS);

  /** @param initialRows the canvas's first size, a guess at the art's height */
  constructor(width: number, maxRows: number, ice: boolean, initialRows = INITIAL_ROWS) {
    this.#initialRows = initialRows;
    this.#width = width;
    this.#maxRows = maxRows;
    this.#ice = ice;
  }

  read(bytes: Uint8Array): void {
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      const b = bytes[i]!;
      if (CONTROL[b] === 0) {
        i = this.#print(bytes, i);
        continue;
      }
      i++;
      // NUL and BEL fall through the switch: nothing to draw, nowhere to go.
      switch (b) {
        case SUB:
          return;
        case ESC:
          i = this.#escape(bytes, i);
          break;
        case CR:
          this.#x = 0; // keeps #wrapped: CR LF after a full line is one newline
          break;
        case LF:
          if (this.#wrapped) this.#wrapped = false;
          else this.#moveTo(0, this.#y + 1);
          break;
        case TAB:
          this.#moveTo((this.#x & ~7) + 8, this.#y);
          break;
        case BS:
          this.#moveTo(this.#x - 1, this.#y);
          break;
      }
    }
  }

  /**
   * The canvas as a screen, over the reader's own arrays (the reader is done with them); empty
   * art gets a blank one-row screen of its own.
   */
  finish(): AnsiArtScreen {
    const cells = this.#used * this.#width;
    const screen = new AnsiArtScreen(
      this.#width,
      this.#used,
      this.#clipped,
      cells === 0 ? undefined : {
        glyphs: this.#glyphs.subarray(0, cells),
        fg: this.#fg.subarray(0, cells),
        bg: this.#bg.subarray(0, cells),
        flags: this.#flags.subarray(0, cells),
      },
    );
    screen.cursorX = this.#x;
    screen.cursorY = Math.min(this.#y, screen.height - 1);
    return screen;
  }

  /** Prints the run of glyphs at `i` up to the next control or the end of the line. */
  #print(bytes: Uint8Array, i: number): number {
    const n = bytes.length;
    const width = this.#width;
    const y = this.#y;
    let x = this.#x;
    this.#wrapped = false;
    if (y >= this.#maxRows) {
      // Below the canvas: the glyphs are dropped, but the cursor still moves as they would.
      this.#clipped = true;
      const start = i;
      while (i < n && CONTROL[bytes[i]!] === 0) i++;
      this.#x = (x + i - start) % width;
      this.#wrapped = this.#x === 0;
      return i;
    }
    this.#ensureRow(y);
    if (y >= this.#used) this.#used = y + 1;
    const glyphs = this.#glyphs;
    const fg = this.#fg;
    const bg = this.#bg;
    const flags = this.#flags;
    const cellFg = this.#cellFg;
    const cellBg = this.#cellBg;
    const cellFlags = this.#cellFlags;
    const row = y * width;
    while (i < n) {
      const b = bytes[i]!;
      if (CONTROL[b] !== 0) break;
      i++;
      const at = row + x;
      glyphs[at] = GLYPHS[b]!;
      fg[at] = cellFg;
      bg[at] = cellBg;
      flags[at] = cellFlags;
      if (++x === width) {
        this.#x = 0;
        this.#y = Math.min(y + 1, this.#maxRows);
        this.#wrapped = true;
        return i;
      }
    }
    this.#x = x;
    return i;
  }

  /** Makes row `y` (< maxRows) exist, doubling the canvas; new rows are blank. */
  #ensureRow(y: number): void {
    if (y < this.#rows) return;
    const rows = Math.min(this.#maxRows, Math.max(y + 1, this.#rows * 2, this.#initialRows));
    const cells = rows * this.#width;
    const old = this.#rows * this.#width;
    const { glyphs, fg, bg, flags } = allocateCells(cells);
    glyphs.set(this.#glyphs);
    fg.set(this.#fg);
    bg.set(this.#bg);
    flags.set(this.#flags);
    this.#glyphs = glyphs;
    this.#fg = fg;
    this.#bg = bg;
    this.#flags = flags;
    this.#rows = rows;
    this.#blank(old, cells, this.#blankFg, this.#blankBg);
  }

  #blank(from: number, to: number, fg: number, bg: number): void {
    this.#glyphs.fill(SPACE, from, to);
    this.#fg.fill(fg, from, to);
    this.#bg.fill(bg, from, to);
    this.#flags.fill(0, from, to);
  }

  #moveTo(x: number, y: number): void {
    this.#x = Math.max(0, Math.min(x, this.#width - 1));
    this.#y = Math.max(0, Math.min(y, this.#maxRows));
    this.#wrapped = false;
  }

  /** Reads the escape sequence after an ESC at `i - 1`; returns where reading goes on. */
  #escape(bytes: Uint8Array, i: number): number {
    const b = bytes[i];
    if (b === 0x5b) return this.#csi(bytes, i + 1); // "["
    if (b === 0x37) { // ESC 7 (DECSC)
      this.#savedX = this.#x;
      this.#savedY = this.#y;
      return i + 1;
    }
    if (b === 0x38) { // ESC 8 (DECRC)
      this.#moveTo(this.#savedX, this.#savedY);
      return i + 1;
    }
    // Any other escape (ECMA-48 5.3: up to 2 intermediates 0x20–0x2F, a final 0x30–0x7E) is
    // skipped. A broken one drops only the ESC; what followed is read as art.
    let j = i;
    while (j - i < 2 && j < bytes.length && bytes[j]! >= 0x20 && bytes[j]! <= 0x2f) j++;
    const final = bytes[j];
    return final !== undefined && final >= 0x30 && final <= 0x7e ? j + 1 : i;
  }

  /**
   * Reads a control sequence after "ESC [" (ECMA-48 5.4): an optional private marker
   * 0x3C–0x3F, parameters (digits, ";" or ":"), up to 2 intermediates 0x20–0x2F, and a final
   * 0x40–0x7E. Private and intermediate forms (ESC[?7h, ESC[=5h, ESC[ q …) are skipped. Only
   * MAX_PARAMS numbers are kept, each clamped, so nothing grows with the input.
   */
  #csi(bytes: Uint8Array, i: number): number {
    const n = bytes.length;
    const params = this.#params;
    let skip = false;
    if (i < n && bytes[i]! >= 0x3c && bytes[i]! <= 0x3f) {
      skip = true;
      i++;
    }
    let count = 0;
    let value = -1; // -1: omitted
    let any = false;
    for (; i < n; i++) {
      const b = bytes[i]!;
      if (b >= 0x30 && b <= 0x39) {
        value = value < 0 ? b - 0x30 : Math.min(value * 10 + b - 0x30, MAX_PARAM_VALUE);
      } else if (b === 0x3b || b === 0x3a) {
        if (count < MAX_PARAMS) params[count] = value;
        count++;
        value = -1;
      } else {
        break;
      }
      any = true;
    }
    if (any) {
      if (count < MAX_PARAMS) params[count] = value;
      count++;
    }
    for (let k = 0; k < 2 && i < n && bytes[i]! >= 0x20 && bytes[i]! <= 0x2f; k++, i++) {
      skip = true;
    }
    if (i >= n) return n; // cut off by the end of the file
    const final = bytes[i]!;
    // Not a control sequence after all: drop what was read, go on with this byte as art.
    if (final < 0x40 || final > 0x7e) return i;
    if (!skip) this.#dispatch(final, Math.min(count, MAX_PARAMS));
    return i + 1;
  }

  /** Parameter `k` as a count or position: omitted or 0 mean 1. */
  #count(k: number, count: number): number {
    const value = k < count ? this.#params[k]! : -1;
    return value > 0 ? value : 1;
  }

  /** Parameter `k` as a mode: omitted means 0. */
  #mode(k: number, count: number): number {
    const value = k < count ? this.#params[k]! : -1;
    return value < 0 ? 0 : value;
  }

  #dispatch(final: number, count: number): void {
    const x = this.#x;
    const y = this.#y;
    switch (final) {
      case 0x41: // A CUU
        return this.#moveTo(x, y - this.#count(0, count));
      case 0x42: // B CUD
      case 0x65: // e VPR
        return this.#moveTo(x, y + this.#count(0, count));
      case 0x43: // C CUF
      case 0x61: // a HPR
        return this.#moveTo(x + this.#count(0, count), y);
      case 0x44: // D CUB
        return this.#moveTo(x - this.#count(0, count), y);
      case 0x45: // E CNL
        return this.#moveTo(0, y + this.#count(0, count));
      case 0x46: // F CPL
        return this.#moveTo(0, y - this.#count(0, count));
      case 0x47: // G CHA
      case 0x60: // ` HPA
        return this.#moveTo(this.#count(0, count) - 1, y);
      case 0x48: // H CUP
      case 0x66: // f HVP
        return this.#moveTo(this.#count(1, count) - 1, this.#count(0, count) - 1);
      case 0x64: // d VPA
        return this.#moveTo(x, this.#count(0, count) - 1);
      case 0x4a: // J ED
        return this.#eraseDisplay(this.#mode(0, count));
      case 0x4b: // K EL
        return this.#eraseLine(this.#mode(0, count));
      case 0x6d: // m SGR
        return this.#sgr(count);
      case 0x73: // s: save cursor (ANSI.SYS)
        this.#savedX = x;
        this.#savedY = y;
        return;
      case 0x75: // u: restore cursor (ANSI.SYS)
        return this.#moveTo(this.#savedX, this.#savedY);
      case 0x74: // t: PabloDraw 24-bit colour, or an xterm window op (ignored)
        return this.#pabloColor(count);
    }
  }

  /** Marks the cursor row as drawn on; false when it lies below the canvas. */
  #touchRow(): boolean {
    const y = this.#y;
    if (y >= this.#maxRows) {
      this.#clipped = true;
      return false;
    }
    this.#ensureRow(y);
    if (y >= this.#used) this.#used = y + 1;
    return true;
  }

  /** EL: 0 cursor to end of line, 1 start of line to cursor, 2 whole line, in the pen's colours. */
  #eraseLine(mode: number): void {
    if (mode > 2 || !this.#touchRow()) return;
    const row = this.#y * this.#width;
    const from = mode === 0 ? this.#x : 0;
    const to = mode === 1 ? this.#x + 1 : this.#width;
    this.#blank(row + from, row + to, this.#cellFg, this.#cellBg);
  }

  /**
   * ED: 0 cursor to end, 1 start to cursor (both count the cursor row as used, and erase only
   * rows the canvas has), 2 or 3 the whole canvas, which starts over: no row is used, rows yet to
   * come are blank in the pen's background, and the cursor goes home as on ANSI.SYS.
   */
  #eraseDisplay(mode: number): void {
    const end = this.#rows * this.#width;
    if (mode >= 2) {
      if (mode > 3) return;
      this.#blankFg = this.#cellFg;
      this.#blankBg = this.#cellBg;
      this.#blank(0, end, this.#blankFg, this.#blankBg);
      this.#used = 0;
      this.#moveTo(0, 0);
      return;
    }
    if (!this.#touchRow()) return;
    const at = this.#y * this.#width + this.#x;
    if (mode === 0) this.#blank(at, end, this.#cellFg, this.#cellBg);
    else this.#blank(0, at + 1, this.#cellFg, this.#cellBg);
  }

  /**
   * SGR with DOS meanings: bold is the bright foreground, blink the bright background under
   * iCE colours (else the `BLINK` flag), reverse swaps the two colours. Also 90–97/100–107
   * (bright), 38/48 with ;5;n or ;2;r;g;b, and 4/24 underline.
   */
  #sgr(count: number): void {
    const params = this.#params;
    if (count === 0) this.#resetPen();
    for (let k = 0; k < count; k++) {
      const p = params[k]!;
      if (p <= 0) this.#resetPen();
      else if (p === 1) this.#bold = true;
      else if (p === 4) this.#underline = true;
      else if (p === 5 || p === 6) this.#blink = true;
      else if (p === 7) this.#reverse = true;
      else if (p === 22) this.#bold = false;
      else if (p === 24) this.#underline = false;
      else if (p === 25) this.#blink = false;
      else if (p === 27) this.#reverse = false;
      else if (p >= 30 && p <= 37) this.#penFg = p - 30;
      else if (p === 39) this.#penFg = DEFAULT_FG;
      else if (p >= 40 && p <= 47) this.#penBg = p - 40;
      else if (p === 49) this.#penBg = DEFAULT_BG;
      else if (p >= 90 && p <= 97) this.#penFg = p - 90 + BRIGHT;
      else if (p >= 100 && p <= 107) this.#penBg = p - 100 + BRIGHT;
      else if (p === 38 || p === 48) {
        let color: number;
        const kind = k + 1 < count ? params[k + 1] : -1;
        if (kind === 5 && k + 2 < count) {
          color = Math.min(Math.max(params[k + 2]!, 0), 255);
          k += 2;
        } else if (kind === 2 && k + 4 < count) {
          color = rgb(channel(params[k + 2]!), channel(params[k + 3]!), channel(params[k + 4]!));
          k += 4;
        } else {
          break; // where this colour ends is unknowable, so the rest of the list is too
        }
        if (p === 38) this.#penFg = color;
        else this.#penBg = color;
      }
    }
    this.#resolve();
  }

  /** PabloDraw's ESC[0;r;g;bt (background) and ESC[1;r;g;bt (foreground). */
  #pabloColor(count: number): void {
    const params = this.#params;
    const which = params[0]!;
    if (count !== 4 || (which !== 0 && which !== 1)) return;
    const color = rgb(channel(params[1]!), channel(params[2]!), channel(params[3]!));
    if (which === 1) this.#penFg = color;
    else this.#penBg = color;
    this.#resolve();
  }

  #resetPen(): void {
    this.#penFg = DEFAULT_FG;
    this.#penBg = DEFAULT_BG;
    this.#bold = false;
    this.#blink = false;
    this.#reverse = false;
    this.#underline = false;
  }

  #resolve(): void {
    let fg = this.#penFg;
    let bg = this.#penBg;
    if (this.#bold && fg < 8) fg += BRIGHT;
    if (this.#blink && this.#ice && bg < 8) bg += BRIGHT;
    if (this.#reverse) {
      const was = fg;
      if (fg < 16 && bg < 16) {
        // As a DOS attribute byte is swapped: the colours trade places, the bright bits stay.
        fg = (bg & 7) | (was & 8);
        bg = (was & 7) | (bg & 8);
      } else {
        fg = bg;
        bg = was;
      }
    }
    this.#cellFg = fg;
    this.#cellBg = bg;
    this.#cellFlags = (this.#blink && !this.#ice ? BLINK : 0) | (this.#underline ? UNDERLINE : 0);
  }
}

/** LF bytes in `bytes`, counted up to {@linkcode INITIAL_ROWS} (a guess at how tall art is). */
function countLineFeeds(bytes: Uint8Array): number {
  let count = 0;
  for (
    let at = bytes.indexOf(LF);
    at !== -1 && count < INITIAL_ROWS;
    at = bytes.indexOf(LF, at + 1)
  ) {
    count++;
  }
  return count;
}

/** An 8-bit colour channel from a parameter (omitted is 0). */
function channel(value: number): number {
  return Math.min(Math.max(value, 0), 255);
}

function artWidth(width: number | undefined): number {
  if (width === undefined || !(width >= 1)) return DEFAULT_WIDTH;
  return Math.min(MAX_WIDTH, Math.trunc(width));
}

/**
 * Draws ANSI art onto a canvas `width` columns wide and as tall as the art (see the module doc
 * for the controls, the wrap rule and the sequences understood; unknown sequences are skipped).
 * Never throws on file bytes: a hostile file is bounded by `maxRows` and the canvas width.
 *
 * @param bytes the art, without SAUCE (`stripSauce`)
 * @returns the canvas, with `usedHeight` rows drawn on
 * @throws {RangeError} when `maxRows` is not a positive integer
 *
 * @example
 * ```ts
 * const file = await Deno.readFile("welcome.ans");
 * const sauce = parseSauce(file);
 * const art = readAnsiArt(stripSauce(file), { width: sauce?.width, iceColors: sauce?.iceColors });
 * art.usedHeight; // rows to send
 * ```
 */
export function readAnsiArt(bytes: Uint8Array, options: AnsiArtOptions = {}): AnsiArtScreen {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new RangeError(`Cannot read ANSI art into ${maxRows} rows: maxRows must be at least 1`);
  }
  const reader = new ArtReader(
    artWidth(options.width),
    maxRows,
    options.iceColors === true,
    Math.min(INITIAL_ROWS, countLineFeeds(bytes) + 1),
  );
  reader.read(bytes);
  return reader.finish();
}
