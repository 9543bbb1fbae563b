/**
 * What callers' terminals understand: CP437 ↔ Unicode and pipe colour codes.
 *
 * @module
 */
export {
  CP437_REPLACEMENT,
  CP437_TO_UNICODE,
  cp437Byte,
  decodeCp437Glyphs,
  isCp437Text,
} from "./cp437.ts";
export { escapePipes, pipeToAnsi } from "./pipe_codes.ts";
