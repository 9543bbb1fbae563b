/**
 * A screen buffer: a grid of cells, each a glyph with foreground, background and attributes.
 * Full-screen pieces draw into one; the renderer turns the difference between two into bytes.
 *
 * @module
 */

/** Attribute bit: bold (on DOS-style terminals, the bright half of the foreground palette). */
export const BOLD = 1;
/** Attribute bit: underline. */
export const UNDERLINE = 2;
/** Attribute bit: blink (on iCE-colour terminals, the bright half of the background palette). */
export const BLINK = 4;
/** Attribute bit: reverse video. */
export const REVERSE = 8;

/** Marks a colour value as 24-bit RGB (`RGB_FLAG | 0xRRGGBB`) rather than a palette index. */
export const RGB_FLAG = 0x1000000;

/** Palette indexes of the 16 classic colours, in ANSI (not DOS) order. */
export const BLACK = 0;
export const RED = 1;
export const GREEN = 2;
export const YELLOW = 3;
export const BLUE = 4;
export const MAGENTA = 5;
export const CYAN = 6;
export const WHITE = 7;
/** Add to a colour 0–7 for its bright version (8–15). */
export const BRIGHT = 8;

/** Light grey on black, the colour of a freshly cleared DOS screen. */
export const DEFAULT_FG = WHITE;
export const DEFAULT_BG = BLACK;

/** What a cell looks like apart from its glyph. */
export interface Style {
  /** Palette index 0–255, or `RGB_FLAG | 0xRRGGBB`. */
  fg: number;
  /** Palette index 0–255, or `RGB_FLAG | 0xRRGGBB`. */
  bg: number;
  /** `BOLD | UNDERLINE | BLINK | REVERSE` bits. */
  flags: number;
}

/** Light grey on black, no attributes. */
export const PLAIN: Readonly<Style> = Object.freeze({ fg: DEFAULT_FG, bg: DEFAULT_BG, flags: 0 });

/** A 24-bit colour value for `Style.fg`/`Style.bg`. */
export function rgb(r: number, g: number, b: number): number {
  return RGB_FLAG | ((r & 0xff) << 16) | ((g & 0xff) << 8) | (b & 0xff);
}

const SPACE = 0x20;

/** The parallel arrays of a grid of cells, as a {@linkcode Screen} keeps them. */
export interface CellArrays {
  glyphs: Uint32Array<ArrayBuffer>;
  fg: Uint32Array<ArrayBuffer>;
  bg: Uint32Array<ArrayBuffer>;
  flags: Uint8Array<ArrayBuffer>;
}

/**
 * Zeroed arrays for `cells` cells, carved out of one buffer: an `ArrayBuffer` costs about as
 * much to create as filling a few thousand cells, so one per grid rather than four.
 */
export function allocateCells(cells: number): CellArrays {
  const buffer = new ArrayBuffer(cells * 13);
  return {
    glyphs: new Uint32Array(buffer, 0, cells),
    fg: new Uint32Array(buffer, cells * 4, cells),
    bg: new Uint32Array(buffer, cells * 8, cells),
    flags: new Uint8Array(buffer, cells * 12, cells),
  };
}

/**
 * A grid of cells stored as parallel typed arrays (glyph code points, foreground, background,
 * attribute bits), row by row, so comparing and copying screens runs over flat arrays.
 *
 * Glyphs are single-width code points; callers replace wide or combining characters before
 * drawing (see `sanitize.ts`).
 *
 * @example
 * ```ts
 * const screen = new Screen(80, 25);
 * screen.write(2, 1, "Main Menu", { fg: WHITE + BRIGHT, bg: BLUE, flags: 0 });
 * ```
 */
export class Screen {
  /** Columns. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
  /** Unicode code point of each cell, index `y * width + x`. */
  readonly glyphs: Uint32Array;
  /** Foreground of each cell. */
  readonly fg: Uint32Array;
  /** Background of each cell. */
  readonly bg: Uint32Array;
  /** Attribute bits of each cell. */
  readonly flags: Uint8Array;
  /** Where the terminal's cursor should rest after rendering, column 0-based. */
  cursorX = 0;
  /** Where the terminal's cursor should rest after rendering, row 0-based. */
  cursorY = 0;

  /**
   * A screen of `width` × `height` blank cells in `PLAIN` style; or, with `adopt`, a screen over
   * those arrays as they are.
   *
   * @throws {RangeError} when `adopt`'s arrays do not each hold `width` × `height` cells
   */
  constructor(width: number, height: number, adopt?: CellArrays) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`Cannot make a ${width}x${height} screen`);
    }
    this.width = width;
    this.height = height;
    const cells = width * height;
    if (
      adopt && [adopt.glyphs, adopt.fg, adopt.bg, adopt.flags].some((a) => a.length !== cells)
    ) {
      throw new RangeError(`Cannot make a ${width}x${height} screen over arrays of other sizes`);
    }
    const arrays = adopt ?? allocateCells(cells);
    this.glyphs = arrays.glyphs;
    this.fg = arrays.fg;
    this.bg = arrays.bg;
    this.flags = arrays.flags;
    if (!adopt) {
      this.glyphs.fill(SPACE);
      this.fg.fill(DEFAULT_FG);
      this.bg.fill(DEFAULT_BG);
    }
  }

  /** Blanks every cell with spaces in `style`. */
  clear(style: Readonly<Style> = PLAIN): void {
    this.glyphs.fill(SPACE);
    this.fg.fill(style.fg);
    this.bg.fill(style.bg);
    this.flags.fill(style.flags);
  }

  /** Sets one cell; cells outside the screen are ignored. */
  put(x: number, y: number, codePoint: number, style: Readonly<Style>): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = y * this.width + x;
    this.glyphs[i] = codePoint;
    this.fg[i] = style.fg;
    this.bg[i] = style.bg;
    this.flags[i] = style.flags;
  }

  /**
   * Writes `text` from (x, y) rightwards in `style`, one cell per code point, clipped at the
   * right edge (no wrapping).
   *
   * @returns the column after the last cell written
   */
  write(x: number, y: number, text: string, style: Readonly<Style>): number {
    if (y < 0 || y >= this.height) return x;
    for (const char of text) {
      if (x >= this.width) break;
      if (x >= 0) this.put(x, y, char.codePointAt(0)!, style);
      x++;
    }
    return x;
  }

  /** Fills a rectangle (clipped to the screen) with `codePoint` in `style`. */
  fill(
    x: number,
    y: number,
    width: number,
    height: number,
    codePoint: number,
    style: Readonly<Style>,
  ): void {
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.width, x + width);
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
      const start = row * this.width;
      this.glyphs.fill(codePoint, start + x0, start + x1);
      this.fg.fill(style.fg, start + x0, start + x1);
      this.bg.fill(style.bg, start + x0, start + x1);
      this.flags.fill(style.flags, start + x0, start + x1);
    }
  }

  /**
   * Copies `source`'s cells onto this screen with its top-left corner at (x, y), clipped to
   * both screens.
   */
  draw(source: Screen, x = 0, y = 0): void {
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.width, x + source.width);
    if (x1 <= x0) return;
    for (let row = Math.max(0, y); row < Math.min(this.height, y + source.height); row++) {
      const from = (row - y) * source.width + (x0 - x);
      const to = row * this.width + x0;
      const n = x1 - x0;
      this.glyphs.set(source.glyphs.subarray(from, from + n), to);
      this.fg.set(source.fg.subarray(from, from + n), to);
      this.bg.set(source.bg.subarray(from, from + n), to);
      this.flags.set(source.flags.subarray(from, from + n), to);
    }
  }

  /** Copies every cell and the cursor from a screen of the same size. */
  copyFrom(other: Screen): void {
    if (other.width !== this.width || other.height !== this.height) {
      throw new RangeError(
        `Cannot copy a ${other.width}x${other.height} screen into ${this.width}x${this.height}`,
      );
    }
    this.glyphs.set(other.glyphs);
    this.fg.set(other.fg);
    this.bg.set(other.bg);
    this.flags.set(other.flags);
    this.cursorX = other.cursorX;
    this.cursorY = other.cursorY;
  }
}
