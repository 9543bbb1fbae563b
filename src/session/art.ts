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

/** An art file read once: its SAUCE record and its text split into `|PA` parts. */
interface ArtFile {
  sauce: Sauce | undefined;
  /** The CP437 text between `|PA` codes, MCI codes not yet filled in. */
  parts: string[];
}

/** Each file's SAUCE record and parts, kept per byte array: theme screens are shared bytes. */
const artFiles = new WeakMap<Uint8Array, ArtFile>();

/** Longest art accepted, in rows (a hostile or broken file cannot allocate more). */
const MAX_ROWS = 1000;
const CLEARS_FIRST = /^(?:\x1b\[[0-9;]*m)*\x1b\[2J/;

/**
 * Reads an `.ans`/`.asc` file's bytes into canvases, with MCI codes from `values` and pipe
 * colour codes turned into ANSI on the way. The bytes' decoding is kept for the next call with
 * the same array, so they must not change afterwards.
 */
export function prepareArt(bytes: Uint8Array, values: MciSource): PreparedArt {
  const { sauce, parts: templates } = readArtFile(bytes);
  // Split before filling in: a value (a handle typed as "Bob|PA") must not make a part.
  const expanded = templates.map((part) => expandMci(part, values));
  const parts = expanded.map((part) =>
    readAnsiArt(encodeCp437(pipeToAnsi(part)), {
      width: sauce?.width,
      iceColors: sauce?.iceColors,
      maxRows: MAX_ROWS,
    })
  );
  return { parts, clears: CLEARS_FIRST.test(pipeToAnsi(expanded[0]!.slice(0, 64))) };
}

/** SAUCE and `|PA` parts of an art file, read once per byte array (which must not change). */
function readArtFile(bytes: Uint8Array): ArtFile {
  let file = artFiles.get(bytes);
  if (!file) {
    file = { sauce: parseSauce(bytes), parts: splitPauses(decodeCp437Text(stripSauce(bytes))) };
    artFiles.set(bytes, file);
  }
  return file;
}

/** Splits `text` at each `|PA` code; `||PA` is an escaped bar and "PA", not a pause. */
function splitPauses(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let bar = text.indexOf("|"); bar >= 0; bar = text.indexOf("|", bar)) {
    if (text[bar + 1] === "|") {
      bar += 2;
    } else if (text.startsWith("PA", bar + 1)) {
      parts.push(text.slice(start, bar));
      start = bar += 3;
    } else {
      bar++;
    }
  }
  parts.push(text.slice(start));
  return parts;
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
