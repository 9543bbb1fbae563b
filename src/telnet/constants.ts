/**
 * Telnet byte values, each cited once from the RFC that defines it.
 *
 * @module
 */

// Commands, RFC 854 ("TELNET COMMAND STRUCTURE"). Every command starts with IAC.

/** Interpret As Command: starts every command; doubled (IAC IAC) it is data byte 255. RFC 854. */
export const IAC = 255;
/** Refuses, or demands the peer stop, an option on the peer's side. RFC 854. */
export const DONT = 254;
/** Asks for, or confirms, an option on the peer's side. RFC 854. */
export const DO = 253;
/** Refuses, or announces the end of, an option on our side. RFC 854. */
export const WONT = 252;
/** Offers, or confirms, an option on our side. RFC 854. */
export const WILL = 251;
/** Starts a subnegotiation: IAC SB option … IAC SE. RFC 854, RFC 855. */
export const SB = 250;
/** Go Ahead: the sender has finished its turn (half-duplex). RFC 854. */
export const GA = 249;
/** Erase Line. RFC 854. */
export const EL = 248;
/** Erase Character. RFC 854. */
export const EC = 247;
/** Are You There. RFC 854. */
export const AYT = 246;
/** Abort Output. RFC 854. */
export const AO = 245;
/** Interrupt Process. RFC 854. */
export const IP = 244;
/** Break. RFC 854. */
export const BRK = 243;
/** Data Mark: the data-stream part of a Synch. RFC 854. */
export const DM = 242;
/** No Operation; handy as a keep-alive. RFC 854. */
export const NOP = 241;
/** Ends a subnegotiation. RFC 854, RFC 855. */
export const SE = 240;

// NVT characters that carry meaning at line ends, RFC 854 ("THE NVT PRINTER AND KEYBOARD").

/** Carriage Return; CR LF is a newline and CR NUL a bare carriage return. RFC 854. */
export const CR = 13;
/** Line Feed. RFC 854. */
export const LF = 10;
/** NUL, the padding after a bare CR. RFC 854. */
export const NUL = 0;

// Options.

/** Binary Transmission: 8-bit data without NVT newline rules. RFC 856. */
export const BINARY = 0;
/** Echo: the side that WILL ECHO echoes what the other types. RFC 857. */
export const ECHO = 1;
/** Suppress Go Ahead: full-duplex, no GA after each turn. RFC 858. */
export const SGA = 3;
/** Terminal Type. RFC 1091. */
export const TTYPE = 24;
/** Negotiate About Window Size. RFC 1073. */
export const NAWS = 31;

// Terminal Type subnegotiation commands, RFC 1091.

/** IAC SB TTYPE IS <name> IAC SE: the client names its terminal. RFC 1091. */
export const TTYPE_IS = 0;
/** IAC SB TTYPE SEND IAC SE: the server asks for the terminal name. RFC 1091. */
export const TTYPE_SEND = 1;
