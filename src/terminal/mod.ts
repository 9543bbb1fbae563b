/**
 * What callers' terminals understand: CP437 ↔ Unicode, pipe colour and MCI codes, terminal
 * profiles from TTYPE, safe caller text, cell screens with a diffing renderer, line-mode rows,
 * and ANSI art with SAUCE.
 *
 * @module
 */
export {
  CP437_REPLACEMENT,
  CP437_TO_UNICODE,
  cp437Byte,
  decodeCp437Glyphs,
  decodeCp437Text,
  encodeCp437,
  isCp437Text,
  writeCp437,
} from "./cp437.ts";
export { dosColor, escapePipes, pipeToAnsi, stripPipeCodes, writePipeText } from "./pipe_codes.ts";
export { CHARSET_NAMES, profileForTerminalType } from "./profile.ts";
export type { Charset, ColorMode, TerminalProfile } from "./profile.ts";
export { isControl, isSingleCell, sanitizeCallerText } from "./sanitize.ts";
export type { SanitizeOptions } from "./sanitize.ts";
export { expandMci, MCI_CODES } from "./mci.ts";
export type { MciCode, MciSource } from "./mci.ts";
export * from "./screen.ts";
export { Renderer } from "./renderer.ts";
export type { RendererOptions } from "./renderer.ts";
export { writeRows } from "./rows.ts";
export type { WriteRowsOptions } from "./rows.ts";
export { parseSauce, SAUCE_CHARACTER_TYPES, SAUCE_DATA_TYPES, stripSauce } from "./sauce.ts";
export type { Sauce, SauceProblem } from "./sauce.ts";
export { AnsiArtScreen, readAnsiArt } from "./ansi_art.ts";
export type { AnsiArtOptions } from "./ansi_art.ts";
