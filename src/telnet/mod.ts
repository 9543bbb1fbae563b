/**
 * Telnet as a codec without I/O (RFC 854, 855, 856, 857, 858, 1073, 1091, 1143).
 *
 * - {@linkcode TelnetDecoder} turns the peer's bytes into data, commands, negotiations and
 *   subnegotiations, handing out borrowed views and cooking newlines so Enter arrives once.
 * - {@linkcode TelnetOptions} negotiates options by the RFC 1143 Q method, loop-free whatever
 *   the peer does.
 * - {@linkcode writeEscaped}, {@linkcode writeCommand} and {@linkcode writeSubnegotiation}
 *   append outgoing bytes to a session's `ByteWriter`.
 * - {@linkcode parseNaws} and {@linkcode parseTtype} read the two subnegotiations a BBS needs.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "../bytes/mod.ts";
 * import { ECHO, NAWS, parseNaws, SGA, TelnetDecoder, TelnetOptions, writeCommand } from "./mod.ts";
 *
 * const out = new ByteWriter();
 * const options = new TelnetOptions({ local: [ECHO, SGA], remote: [NAWS, SGA] }, {
 *   send: (verb, option) => writeCommand(out, verb, option),
 *   changed: (option, side, enabled) => {},
 * });
 * const decoder = new TelnetDecoder({
 *   data: (bytes) => lineEditor.feed(bytes),
 *   command: () => {},
 *   negotiate: (verb, option) => options.receive(verb, option),
 *   subnegotiation: (option, payload) => {
 *     if (option === NAWS) screen.resize(parseNaws(payload));
 *   },
 * });
 * options.enableLocal(ECHO);
 * options.enableRemote(NAWS);
 * await conn.write(out.view());
 * ```
 *
 * @module
 */

export * from "./constants.ts";
export { TelnetDecoder } from "./decoder.ts";
export type { TelnetDecoderOptions, TelnetHandler } from "./decoder.ts";
export {
  IAC_GA,
  IAC_NOP,
  REQUEST_TTYPE,
  writeCommand,
  writeEscaped,
  writeSubnegotiation,
} from "./encoder.ts";
export { TelnetOptions } from "./options.ts";
export type { OptionPolicy, OptionSink } from "./options.ts";
export { parseNaws } from "./naws.ts";
export type { WindowSize } from "./naws.ts";
export { parseTtype } from "./ttype.ts";
