/**
 * File transfer protocols for the BBS, as codecs without I/O: ZMODEM (`zmodem/mod.ts`), and
 * XMODEM and YMODEM for older clients (`xmodem/mod.ts`). Every codec takes the peer's bytes
 * through `push`, writes to a sink, reads a `FileSource` or fills a `FileTarget`, and settles
 * `start()` with a `TransferReport`.
 *
 * @module
 */

export * from "./zmodem/mod.ts";
export * from "./xmodem/mod.ts";
