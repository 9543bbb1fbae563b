/**
 * ZMODEM byte values and frame constants, each cited once from Chuck Forsberg's "The ZMODEM
 * Inter Application File Transfer Protocol" (zmodem.txt, rev. 10-27-87, "§" below).
 *
 * @module
 */

// Link escape encoding, §7.2.

/** Padding character that begins every frame ('*'). §7.3. */
export const ZPAD = 0x2a;
/**
 * ZMODEM data link escape, ASCII CAN; five in a row abort the session. Itself escaped as ZDLE
 * ZDLEE (0x58, ZDLE ^ 0x40, like every escaped byte). §7.2.
 */
export const ZDLE = 0x18;
/** Binary header with a CRC-16 ('A'). §7.3.1. */
export const ZBIN = 0x41;
/** Hex header ('B'). §7.3.3. */
export const ZHEX = 0x42;
/** Binary header with a CRC-32 ('C'). §7.3.2. */
export const ZBIN32 = 0x43;

/** Data link escape; escaped with its high-bit form 0x90. §7.2. */
export const DLE = 0x10;
/** Flow control bytes, escaped with their high-bit forms and ignored raw on receive. §7.2. */
export const XON = 0x11;
/** See {@linkcode XON}. §7.2. */
export const XOFF = 0x13;
/** Carriage return; escaped after '@' (Telenet's CR @ CR command escape). §7.2. */
export const CR = 0x0d;
/** Line feed, sent after hex headers (as 0x8A, with the high bit). §7.3.3. */
export const LF = 0x0a;
/** '@': a CR right after it is escaped. §7.2. */
export const AT = 0x40;
/** Backspace, ten of which follow the cancel sequence. §8.4. */
export const BS = 0x08;
/** 'O': the sender's "OO" (over and out) ends a session. §8.3. */
export const OVER = 0x4f;

// Frame ends of a data subpacket: ZDLE followed by one of these, then the CRC. §7.4.

/** CRC next, frame ends, a header follows. §7.4. */
export const ZCRCE = 0x68;
/** CRC next, frame continues nonstop. §7.4. */
export const ZCRCG = 0x69;
/** CRC next, frame continues, ZACK expected. §7.4. */
export const ZCRCQ = 0x6a;
/** CRC next, ZACK expected, end of frame. §7.4. */
export const ZCRCW = 0x6b;
/** ZDLE ZRUB0 decodes to 0x7F. §7.2. */
export const ZRUB0 = 0x6c;
/** ZDLE ZRUB1 decodes to 0xFF (also how the sender avoids telnet's IAC). §7.2. */
export const ZRUB1 = 0x6d;

// Frame types, §11 (§11.1 ZRQINIT … §11.19 ZCOMMAND).

/** Sender asks the receiver for a ZRINIT. §11.1. */
export const ZRQINIT = 0;
/** Receiver's capabilities and buffer size. §11.2. */
export const ZRINIT = 1;
/** Sender's escape flags and attention string. §11.3. */
export const ZSINIT = 2;
/** Acknowledges ZSINIT, ZCRCQ and ZCRCW; carries a file offset. §11.4. */
export const ZACK = 3;
/** File name and attributes follow in a ZCRCW subpacket. §11.5. */
export const ZFILE = 4;
/** Receiver declines the file. §11.6. */
export const ZSKIP = 5;
/** Last header was garbled. §11.7. */
export const ZNAK = 6;
/** Receiver aborts the batch. §11.8. */
export const ZABORT = 7;
/** End of session. §11.9. */
export const ZFIN = 8;
/** Receiver asks the sender to resume at an offset. §11.10. */
export const ZRPOS = 9;
/** Data subpackets follow, starting at the offset in the header. §11.11. */
export const ZDATA = 10;
/** End of file at the offset in the header. §11.12. */
export const ZEOF = 11;
/** Fatal read or write error. §11.13. */
export const ZFERR = 12;
/** Request for, and reply with, a file's CRC-32. §11.14. */
export const ZCRC = 13;
/** Receiver's challenge (unused here). §11.15. */
export const ZCHALLENGE = 14;
/** Request complete (reply to ZCOMMAND). §11.16. */
export const ZCOMPL = 15;
// 16 ZCAN, the pseudo frame type for the CAN×5 abort (§11.17), and 17 ZFREECNT, a request for
// free space (§11.18), are not used here; FRAME_NAMES still names them.
/** Command from the sending program (refused here). §11.19. */
export const ZCOMMAND = 18;

// ZRINIT ZF0 capability flags, §11.2.

/** Receiver can send and receive true full duplex. §11.2. */
export const CANFDX = 0x01;
/** Receiver can receive data during disk I/O. §11.2. */
export const CANOVIO = 0x02;
/** Receiver can use 32-bit frame check. §11.2. */
export const CANFC32 = 0x20;
/** Receiver expects control characters escaped. §11.2. */
export const ESCCTL = 0x40;
// ESC8 (0x80), the receiver expecting the 8th bit escaped, is not possible with ZDLE encoding
// and is ignored. §11.2.

/**
 * ZSINIT ZF0: the sender expects control characters escaped. The attention string in ZSINIT's
 * subpacket (at most ZATTNLEN, 32 bytes with its NUL) is not used here. §11.3.
 */
export const TESCCTL = 0x40;

// ZFILE options, §11.5.

/** ZF0 conversion: binary, no conversion. §11.5.1. */
export const ZCBIN = 1;
/** ZF0 conversion: resume an interrupted transfer. §11.5.1. */
export const ZCRESUM = 3;
/** ZF1 management: replace the existing file. §11.5.2. */
export const ZMCLOB = 4;

// Header byte positions, §7.3 Figure 1: flags are numbered from the other end, ZF0 in P3 and
// ZF1 in P2 (`flagsValue` in header.ts puts them there).

/** Longest data subpacket accepted on receive (house bound; lrzsz sends at most 8 KiB). §7.4. */
export const MAX_SUBPACKET = 8192;
/** Largest offset a 32-bit header position can carry. §7.3. */
export const MAX_POSITION = 0xffffffff;

/** Frame type names for reasons and logs, indexed by type. */
const FRAME_NAMES: readonly string[] = [
  "ZRQINIT",
  "ZRINIT",
  "ZSINIT",
  "ZACK",
  "ZFILE",
  "ZSKIP",
  "ZNAK",
  "ZABORT",
  "ZFIN",
  "ZRPOS",
  "ZDATA",
  "ZEOF",
  "ZFERR",
  "ZCRC",
  "ZCHALLENGE",
  "ZCOMPL",
  "ZCAN",
  "ZFREECNT",
  "ZCOMMAND",
];

/** The name of frame type `type` ("ZRPOS"), or its number for unknown types. */
export function frameName(type: number): string {
  return FRAME_NAMES[type] ?? `frame type ${type}`;
}

/**
 * The session abort sequence: eight CAN (five are required, three are insurance) then ten
 * backspaces to erase them at a command shell. §8.4.
 */
export const CANCEL_SEQUENCE: Uint8Array = new Uint8Array([
  ...new Array<number>(8).fill(ZDLE),
  ...new Array<number>(10).fill(BS),
]);
