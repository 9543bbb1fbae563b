/**
 * MCI codes: `|UH`, `|ND`, `|TL` … in screens and prompts, replaced by the caller's and the
 * board's current values, Mystic style. `|$Lnn`, `|$Rnn` and `|$Cnn` pad the next code to nn
 * columns (left-aligned, right-aligned, centred) so art keeps its shape.
 *
 * @module
 */

import { escapePipes } from "./pipe_codes.ts";

/** Every MCI code with what it shows, for documentation and for sysops writing themes. */
export const MCI_CODES = {
  BN: "board name",
  UH: "caller's handle",
  UR: "caller's real name",
  UL: "caller's location",
  US: "caller's security level",
  UC: "caller's calls, this one included",
  UX: "caller's previous call (date and time)",
  ND: "node number",
  NM: "number of nodes",
  NU: "callers online now",
  TO: "minutes online this call",
  TL: "minutes left this call",
  DA: "date (YYYY-MM-DD)",
  TI: "time (HH:MM)",
  TT: "terminal type",
  TW: "terminal width",
  TH: "terminal height",
  TS: "terminal size (columns x rows)",
  CS: "character set (CP437 or UTF-8)",
  MN: "new messages in the areas the caller may read",
  MU: "unread private mail",
} as const;

/** An MCI code name. */
export type MciCode = keyof typeof MCI_CODES;

/** Supplies a code's value, or `undefined` when there is none (the code then shows as typed). */
export type MciSource = (code: MciCode) => string | number | undefined;

/**
 * Replaces MCI codes in `template` with their values. Values are escaped so that text from a
 * caller (a handle, a location) can never act as a colour or MCI code itself. Colour codes
 * (`|07`), `|CL`, `|PA` and `||` are left for the pipe-code pass.
 *
 * @example
 * ```ts
 * expandMci("Hi |UH, node |ND", (code) => ({ UH: "Zoë", ND: 3 })[code]); // "Hi Zoë, node 3"
 * expandMci("[|$R5|ND]", () => 7); // "[    7]"
 * ```
 */
export function expandMci(template: string, source: MciSource): string {
  if (!template.includes("|")) return template;
  let out = "";
  let pad: { align: string; width: number } | undefined;
  let i = 0;
  while (i < template.length) {
    const bar = template.indexOf("|", i);
    if (bar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, bar);
    if (template[bar + 1] === "|") {
      out += "||";
      i = bar + 2;
      continue;
    }
    const align = /^\$([LRC])(\d\d)/.exec(template.slice(bar + 1, bar + 5));
    if (align) {
      pad = { align: align[1]!, width: Number(align[2]) };
      i = bar + 5;
      continue;
    }
    const code = template.slice(bar + 1, bar + 3);
    const value = code in MCI_CODES ? source(code as MciCode) : undefined;
    if (value === undefined) {
      out += "|";
      i = bar + 1;
      continue;
    }
    out += escapePipes(pad ? padTo(String(value), pad.align, pad.width) : String(value));
    pad = undefined;
    i = bar + 3;
  }
  return out;
}

function padTo(text: string, align: string, width: number): string {
  const chars = [...text];
  if (chars.length >= width) return chars.slice(0, width).join("");
  const room = width - chars.length;
  if (align === "L") return text + " ".repeat(room);
  if (align === "R") return " ".repeat(room) + text;
  const left = Math.floor(room / 2);
  return " ".repeat(left) + text + " ".repeat(room - left);
}
