/**
 * XMODEM and YMODEM byte values and limits, each cited once from Chuck Forsberg's "XMODEM/YMODEM
 * Protocol Reference" (ymodem.txt, edition of 10-14-88, "§" below).
 *
 * @module
 */

/** Starts a block of 128 data bytes. §7.1. */
export const SOH = 0x01;
/** Starts a block of 1024 data bytes (XMODEM-1k, YMODEM). §4.3. */
export const STX = 0x02;
/** End of file, sent by the sender in place of a block. §7.1. */
export const EOT = 0x04;
/** Block received, send the next one. §7.1. */
export const ACK = 0x06;
/** Block bad, send it again; as the first byte, "start, with checksums". §7.1. */
export const NAK = 0x15;
/** Two in a row cancel the transfer from either side. §4.1. */
export const CAN = 0x18;
/** CP/M end of file (^Z): pads the last data block. §5, Figure 3. */
export const SUB = 0x1a;
/** 'C': the receiver's "start, with CRC-16" (and YMODEM's "next file, please"). §4.2, §8.2.1. */
export const WANT_CRC = 0x43;
/** 'G': the receiver's "start YMODEM-g": CRC-16, no ACK per block, any error aborts. §6. */
export const WANT_G = 0x47;

/** Data bytes in an SOH block. §7.2. */
export const SHORT_BLOCK = 128;
/** Data bytes in an STX block. §4.3. */
export const LONG_BLOCK = 1024;
/** Header bytes before the data: SOH|STX, block number, its ones' complement. §7.2. */
export const BLOCK_HEAD = 3;
/** Longest block on the wire: header, 1024 data bytes, CRC-16. §4.3, §8. */
export const MAX_WIRE_BLOCK = BLOCK_HEAD + LONG_BLOCK + 2;

/** Errors (timeouts, NAKs, bad blocks) in a row before giving up. §7.3.1. */
export const RETRIES = 10;
/** Silence before the receiver asks again (start byte or NAK), and the sender's ACK wait. §7.3.2. */
export const TIMEOUT_MS = 10_000;
/** Silence inside a block that means bytes were lost; also how long the line must be quiet
 * after a bad block before the receiver NAKs it. §7.4. */
export const CHAR_TIMEOUT_MS = 1_000;
/** 'C's an XMODEM-CRC receiver sends, this far apart, before falling back to NAK. §8.2.2. */
export const CRC_TRIES = 3;
/** See {@linkcode CRC_TRIES}. §8.2.1. */
export const CRC_WAIT_MS = 3_000;

// What a side sends to cancel, and the backspace in it: eight CANs (two are enough, §4.1;
// lrzsz sends eight) and ten backspaces to erase them if they land at a shell. ZMODEM's cancel
// (CAN is its ZDLE) is the same bytes, so the one sequence serves both.
export { BS, CANCEL_SEQUENCE } from "../zmodem/constants.ts";
