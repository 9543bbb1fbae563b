/**
 * Terminal type from the TTYPE subnegotiation (RFC 1091).
 *
 * @module
 */

import { TTYPE_IS } from "./constants.ts";

/** Longest terminal name kept, in characters (RFC 1091 names are at most 40). */
const MAX_NAME = 40;

/**
 * Reads the payload of `IAC SB TTYPE IS <name> IAC SE` (RFC 1091). Only printable ASCII is
 * kept, at most 40 characters, so a hostile name cannot reach a log or a screen unfiltered.
 *
 * @returns the name as sent (case kept), or `undefined` when the payload is not `IS` followed
 * by at least one printable character.
 * @example
 * ```ts
 * parseTtype(new Uint8Array([0, 0x41, 0x4e, 0x53, 0x49])); // "ANSI"
 * ```
 */
export function parseTtype(payload: Uint8Array): string | undefined {
  if (payload.length < 2 || payload[0] !== TTYPE_IS) return undefined;
  let name = "";
  for (let i = 1; i < payload.length && name.length < MAX_NAME; i++) {
    const b = payload[i]!;
    if (b >= 0x20 && b <= 0x7e) name += String.fromCharCode(b);
  }
  return name === "" ? undefined : name;
}
