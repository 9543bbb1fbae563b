/**
 * Pipe colour codes, the Renegade/Mystic convention sysops write screens in: `|00`–`|15` set the
 * foreground (DOS colours, 8–15 bright), `|16`–`|23` the background, `|CL` clears the screen.
 *
 * @module
 */

/** ANSI colour number for each DOS colour 0–7 (DOS orders blue before red). */
import type { Screen, Style } from "./screen.ts";

const DOS_TO_ANSI = [0, 4, 2, 6, 1, 5, 3, 7] as const;

/**
 * Turns pipe codes into ANSI escape sequences. Bright foregrounds are sent DOS-style as bold
 * plus the base colour, which is what SyncTERM, NetRunner and PuTTY in ANSI mode expect.
 * Text that is not a code passes through unchanged; `||` prints one `|`.
 *
 * @example
 * ```ts
 * pipeToAnsi("|15Hello|07"); // "\x1b[0;1;37mHello\x1b[0;37m"
 * ```
 */
export function pipeToAnsi(text: string): string {
  if (!text.includes("|")) return text;
  let out = "";
  let background = 0;
  let i = 0;
  while (i < text.length) {
    const bar = text.indexOf("|", i);
    if (bar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, bar);
    if (text[bar + 1] === "|") {
      out += "|";
      i = bar + 2;
      continue;
    }
    const code = text.slice(bar + 1, bar + 3);
    const n = /^\d\d$/.test(code) ? Number(code) : -1;
    if (n >= 0 && n <= 15) {
      const bold = n >= 8 ? "1;" : "";
      const bg = background ? `;4${DOS_TO_ANSI[background]}` : "";
      out += `\x1b[0;${bold}3${DOS_TO_ANSI[n & 7]}${bg}m`;
    } else if (n >= 16 && n <= 23) {
      background = n - 16;
      out += `\x1b[4${DOS_TO_ANSI[background]}m`;
    } else if (code === "CL") {
      out += "\x1b[2J\x1b[H";
    } else {
      out += text.slice(bar, bar + 3);
    }
    i = bar + 3;
  }
  return out;
}

/** Makes caller-typed text safe to embed in a pipe-coded template (doubles every `|`). */
export function escapePipes(text: string): string {
  return text.replaceAll("|", "||");
}

/** Palette index (ANSI order, as `Screen` keeps it) of DOS colour `n` (0–15). */
export function dosColor(n: number): number {
  return DOS_TO_ANSI[n & 7]! + (n & 8);
}

/**
 * Writes pipe-coded text into a screen row from (x, y): colour codes change the style as they
 * go, `||` is a `|`, other codes show as typed. Clipped at the right edge, no wrapping.
 *
 * @returns the column after the last cell written
 */
export function writePipeText(
  screen: Screen,
  x: number,
  y: number,
  text: string,
  style: Readonly<Style>,
): number {
  const pen: Style = { fg: style.fg, bg: style.bg, flags: style.flags };
  let i = 0;
  while (i < text.length && x < screen.width) {
    const bar = text.indexOf("|", i);
    const end = bar < 0 ? text.length : bar;
    if (end > i) x = screen.write(x, y, text.slice(i, end), pen);
    if (bar < 0) break;
    if (text[bar + 1] === "|") {
      x = screen.write(x, y, "|", pen);
      i = bar + 2;
      continue;
    }
    const code = text.slice(bar + 1, bar + 3);
    const n = /^\d\d$/.test(code) ? Number(code) : -1;
    if (n >= 0 && n <= 15) pen.fg = dosColor(n);
    else if (n >= 16 && n <= 23) pen.bg = dosColor(n - 16);
    else {
      x = screen.write(x, y, "|", pen);
      i = bar + 1;
      continue;
    }
    i = bar + 3;
  }
  return x;
}

/** The text a pipe-coded string shows, codes removed (`||` shown as `|`). */
export function stripPipeCodes(text: string): string {
  return text.replace(/\|(\||[01]\d|2[0-3])/g, (_, code: string) => (code === "|" ? "|" : ""));
}
