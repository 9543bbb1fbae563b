/**
 * What a terminal type (from telnet TTYPE) says about the caller's terminal: which character
 * set it speaks and how many colours it shows.
 *
 * @module
 */

/** Character sets a caller's terminal can speak. */
export type Charset = "cp437" | "utf8";

/** Each character set's name as callers see it. */
export const CHARSET_NAMES: Readonly<Record<Charset, string>> = Object.freeze({
  cp437: "CP437",
  utf8: "UTF-8",
});

/**
 * How colours are sent: `dos` is the 16-colour ANSI-BBS convention (bright = bold), the xterm
 * modes are 16, 256 or 24-bit colour with independent bold.
 */
export type ColorMode = "dos" | "xterm16" | "xterm256" | "truecolor";

/** A terminal's capabilities as far as Carrier cares. */
export interface TerminalProfile {
  /** The character set, or `undefined` when the type does not tell (ask the caller). */
  charset: Charset | undefined;
  /** How to send colours. */
  color: ColorMode;
  /** Whether blink may mean a bright background (SyncTERM and NetRunner). */
  iceColors: boolean;
}

/** BBS terminals: CP437 and DOS colours. */
const BBS_TERMINALS =
  /^(ansi|ansi-bbs|pcansi|scoansi|qansi|cterm|syncterm|netrunner|ansi\.sys|avatar)/i;
/** BBS terminals that understand iCE colour (`CSI ? 33 h`). */
const ICE_TERMINALS = /^(syncterm|cterm|netrunner)/i;
/** Unix-style terminal emulators: UTF-8 and xterm colours. */
const UNIX_TERMINALS =
  /xterm|screen|tmux|rxvt|konsole|alacritty|kitty|wezterm|foot|vte|gnome|linux|putty|iterm|mintty|^st(-|$)|contour|ghostty/i;
/** Terminals or names that promise 24-bit colour. */
const TRUECOLOR = /truecolor|24bit|direct/i;
/** Terminals or names that promise 256 colours. */
const COLOR_256 = /256|kitty|alacritty|wezterm|iterm|foot|contour|ghostty/i;

/**
 * The profile for a TTYPE name; `undefined` (no TTYPE) gives the classic defaults (DOS colours)
 * with the character set left to ask.
 *
 * @example
 * ```ts
 * profileForTerminalType("xterm-256color"); // { charset: "utf8", color: "xterm256", iceColors: false }
 * profileForTerminalType("SyncTERM"); // { charset: "cp437", color: "dos", iceColors: true }
 * ```
 */
export function profileForTerminalType(name: string | undefined): TerminalProfile {
  if (name !== undefined && BBS_TERMINALS.test(name)) {
    return { charset: "cp437", color: "dos", iceColors: ICE_TERMINALS.test(name) };
  }
  if (name !== undefined && UNIX_TERMINALS.test(name)) {
    const color = TRUECOLOR.test(name)
      ? "truecolor"
      : COLOR_256.test(name)
      ? "xterm256"
      : "xterm16";
    return { charset: "utf8", color, iceColors: false };
  }
  return { charset: undefined, color: "dos", iceColors: false };
}
