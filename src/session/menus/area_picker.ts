/**
 * Choosing an area from a numbered list, for the message and file menus alike: the areas a
 * screenful at a time with the current one starred, then the number to type.
 *
 * @module
 */

import { readLine } from "../line_input.ts";
import { Pager } from "../pager.ts";
import type { AreaContext } from "./area_context.ts";

/** How one kind of area is listed. */
export interface AreaListing<A> {
  /** The screen's title. */
  title: string;
  /** Column headings after the `#` column. */
  columns: string;
  /** Printed instead of the list when there are no areas. */
  none: string;
  /** A line (with its CR LF) to print above `area`, or "" (a group heading as it changes). */
  heading?(area: A, previous: A | undefined): string;
  /** The rest of `area`'s line after its number and star. */
  row(area: A): string;
}

/**
 * Lists `areas` and lets the caller pick one by number.
 *
 * @returns the chosen area, or `undefined` to keep the current one
 */
export async function pickFromAreas<A extends { id: number }>(
  context: AreaContext<A>,
  areas: readonly A[],
  listing: AreaListing<A>,
): Promise<A | undefined> {
  const { session } = context;
  if (areas.length === 0) {
    session.print(listing.none);
    return undefined;
  }
  const pager = new Pager(session);
  session.print(`|CL|15${listing.title}|07\r\n|11   #  ${listing.columns}|07\r\n`);
  let shown = 2;
  for (let i = 0; i < areas.length; i++) {
    const area = areas[i]!;
    const heading = listing.heading?.(area, areas[i - 1]) ?? "";
    if (heading) {
      session.print(heading);
      shown++;
    }
    const current = context.area?.id === area.id ? "|14*" : " ";
    session.print(`|07${String(i + 1).padStart(4)}${current} ${listing.row(area)}\r\n`);
    shown++;
    if (!await pager.lines(shown)) break;
    shown = 0;
  }
  session.print("\r\n|15Area number|07 (Enter keeps the current one): ");
  const typed = await readLine(session, {
    maxLength: 5,
    accept: (char) => char >= "0" && char <= "9",
  });
  const chosen = areas[Number(typed) - 1];
  if (typed !== "" && !chosen) session.print("|12No such area.|07\r\n");
  return chosen;
}
