/**
 * Showing ANSI art (theme screens) to a caller: SAUCE stripped, pipe and MCI codes filled in,
 * the art read onto a canvas as an ANSI-BBS terminal would draw it, then sent in the caller's
 * character set and colours, clipped to their width, a screenful at a time, optionally at a
 * modem's pace.
 *
 * @module
 */

import {
  type AnsiArtScreen,
  decodeCp437Text,
  encodeCp437,
  expandMci,
  type MciSource,
  parseSauce,
  pipeToAnsi,
  readAnsiArt,
  type Sauce,
  stripSauce,
} from "../terminal/mod.ts";
import { ByteWriter } from "../bytes/mod.ts";
import { Pager } from "./pager.ts";
import { pressAnyKey } from "./menus/prompts.ts";
import type { Session } from "./session.ts";

/** Art ready to show: canvases in the order to show them (`|PA` separates them). */
export interface PreparedArt {
  /** The parts of the art, each a canvas; a pause comes between parts. */
  parts: AnsiArtScreen[];
  /** The art clears the screen first (it starts with `ESC[2J` or `|CL`). */
  clears: boolean;
}

/** A file's SAUCE record and text, kept per byte array: theme screens are shared bytes. */
const artFiles = new WeakMap<Uint8Array, { sauce: Sauce | undefined; text: string }>();

/** Longest art accepted, in rows (a hostile or broken file cannot allocate more). */
const MAX_ROWS = 1000;
const CLEARS_FIRST = /^(?:\x1b\[[0-9;]*m)*\x1b\[2J/;

/**
 * Reads an `.ans`/`.asc` file's bytes into canvases, with MCI codes from `values` and pipe
 * colour codes turned into ANSI on the way. The bytes' decoding is kept for the next call with
 * the same array, so they must not change afterwards.
 */
export function prepareArt(bytes: Uint8Array, values: MciSource): PreparedArt {
  const { sauce, text } = readArtFile(bytes);
  const expanded = expandMci(text, values);
  const parts = expanded.split("|PA").map((part) =>
    readAnsiArt(encodeCp437(pipeToAnsi(part)), {
      width: sauce?.width,
      iceColors: sauce?.iceColors,
      maxRows: MAX_ROWS,
    })
  );
  return { parts, clears: CLEARS_FIRST.test(pipeToAnsi(expanded.slice(0, 64))) };
}

/** SAUCE and CP437 text of an art file, decoded once per byte array (which must not change). */
function readArtFile(bytes: Uint8Array): { sauce: Sauce | undefined; text: string } {
  let file = artFiles.get(bytes);
  if (!file) {
    file = { sauce: parseSauce(bytes), text: decodeCp437Text(stripSauce(bytes)) };
    artFiles.set(bytes, file);
  }
  return file;
}

/**
 * Shows prepared art as scrolling output, pausing at each screenful (the caller may stop) and
 * between `|PA` parts, at `baud` bits per second when nonzero.
 *
 * @returns false when the caller chose to stop
 */
export async function showArt(
  session: Session,
  art: PreparedArt,
  options: { baud?: number } = {},
): Promise<boolean> {
  if (art.clears) session.print("|CL");
  const pager = new Pager(session);
  for (let p = 0; p < art.parts.length; p++) {
    const part = art.parts[p]!;
    const rows = part.usedHeight;
    for (let row = 0; row < rows;) {
      const take = Math.min(rows - row, pager.nonstop ? rows : pager.pageLines);
      if (options.baud) {
        const bytes = new ByteWriter();
        session.rowsInto(part, row, row + take, bytes);
        await session.printPaced(bytes.view(), options.baud);
      } else {
        session.printRows(part, row, row + take);
      }
      row += take;
      if (row < rows && !await pager.lines(take)) return false;
    }
    if (p < art.parts.length - 1) await pressAnyKey(session);
  }
  return true;
}
