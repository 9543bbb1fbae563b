/**
 * The sending half of telnet: data with IAC doubled, commands and subnegotiations, appended to
 * a session's {@linkcode ByteWriter}.
 *
 * @module
 */

import type { ByteWriter } from "../bytes/mod.ts";
import { GA, IAC, NOP, SB, SE, TTYPE, TTYPE_SEND } from "./constants.ts";

/**
 * Appends `data` to `out` with every 255 doubled (IAC IAC, RFC 854), so the peer reads it as
 * data rather than as a command.
 *
 * @example
 * ```ts
 * writeEscaped(out, screenBytes);
 * await conn.write(out.view());
 * ```
 */
export function writeEscaped(out: ByteWriter, data: Uint8Array): void {
  let at = data.indexOf(IAC);
  if (at === -1) {
    out.bytes(data);
    return;
  }
  out.reserve(data.length + 16);
  let start = 0;
  while (at !== -1) {
    // The run ends with its 255; one more 255 after it makes the pair.
    out.bytes(data.subarray(start, at + 1)).byte(IAC);
    start = at + 1;
    at = data.indexOf(IAC, start);
  }
  if (start < data.length) out.bytes(data.subarray(start));
}

/**
 * Appends `IAC <verb> <option>` (RFC 854), e.g. `writeCommand(out, WILL, ECHO)`.
 *
 * @throws {RangeError} when `verb` or `option` is not a byte.
 */
export function writeCommand(out: ByteWriter, verb: number, option: number): void {
  checkByte(verb, "verb");
  checkByte(option, "option");
  out.byte(IAC).byte(verb).byte(option);
}

/**
 * Appends `IAC SB <option> <payload> IAC SE` (RFC 855) with every 255 in `payload` doubled.
 *
 * @throws {RangeError} when `option` is not a byte.
 */
export function writeSubnegotiation(out: ByteWriter, option: number, payload: Uint8Array): void {
  checkByte(option, "option");
  out.byte(IAC).byte(SB).byte(option);
  writeEscaped(out, payload);
  out.byte(IAC).byte(SE);
}

/**
 * `IAC SB TTYPE SEND IAC SE`: asks the client for its terminal type (RFC 1091). Shared; typed
 * read-only because a typed array with elements cannot be frozen.
 */
export const REQUEST_TTYPE: Readonly<Uint8Array> = new Uint8Array([
  IAC,
  SB,
  TTYPE,
  TTYPE_SEND,
  IAC,
  SE,
]);

/** `IAC NOP` (RFC 854): a keep-alive that the peer ignores. Shared and read-only. */
export const IAC_NOP: Readonly<Uint8Array> = new Uint8Array([IAC, NOP]);

/** `IAC GA` (RFC 854): Go Ahead, for peers that did not agree to suppress it. Shared. */
export const IAC_GA: Readonly<Uint8Array> = new Uint8Array([IAC, GA]);

function checkByte(value: number, name: string): void {
  if ((value & 0xff) !== value) throw new RangeError(`Telnet ${name} ${value} is not a byte`);
}
