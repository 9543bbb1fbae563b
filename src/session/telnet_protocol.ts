/**
 * The telnet side of a session: the codec's events turned into what a caller's session cares
 * about (keystroke bytes, window size, terminal type, whether to echo), option negotiation by
 * RFC 1143 with a wait for the answers the first screen needs, and the binary mode a file
 * transfer switches to.
 *
 * @module
 */

import type { ByteWriter } from "../bytes/mod.ts";
import {
  AYT,
  BINARY,
  EC,
  ECHO,
  EL,
  IP,
  NAWS,
  parseNaws,
  parseTtype,
  REQUEST_TTYPE,
  SGA,
  TelnetDecoder,
  TelnetOptions,
  TTYPE,
  writeCommand,
  writeEscaped,
} from "../telnet/mod.ts";

/** What the protocol reports to the session. */
export interface TelnetEvents {
  /** Keystroke bytes (IAC unescaped, newlines cooked unless in binary mode). Borrowed. */
  data(bytes: Uint8Array): void;
  /** The window size changed (already clamped to what the session accepts). */
  resize(width: number, height: number): void;
  /** The client told its terminal type. */
  terminalType(name: string): void;
  /** A telnet command the session acts on: `"erase-char"`, `"erase-line"`, `"interrupt"`, `"are-you-there"`. */
  command(name: "erase-char" | "erase-line" | "interrupt" | "are-you-there"): void;
}

/** Appends protocol bytes to the session's output and asks for a flush. */
export type ProtocolWriter = (fill: (out: ByteWriter) => void) => void;

/** Smallest and largest window accepted from NAWS; anything outside is clamped. */
const MIN_WIDTH = 20;
const MAX_WIDTH = 255;
const MIN_HEIGHT = 5;
const MAX_HEIGHT = 255;

/** Options whose answers the first screen waits for. */
const SETTLE_OPTIONS = [ECHO, NAWS, TTYPE];

/** Options the server enables on its side, and those it accepts from the client. */
const POLICY = { local: [ECHO, SGA, BINARY], remote: [SGA, NAWS, TTYPE, BINARY] };

/**
 * One caller's telnet protocol state. Bytes from the socket go to `receive`; the events say
 * what they meant; session output goes through `encode` (IAC doubled).
 */
export class TelnetProtocol {
  readonly #events: TelnetEvents;
  readonly #write: ProtocolWriter;
  readonly #decoder: TelnetDecoder;
  readonly #options: TelnetOptions;
  #peerNegotiates = false;
  #awaitingTtype = false;
  #awaitingNaws = false;
  #settled: (() => void) | undefined;

  /**
   * @param events where decoded input and terminal facts go
   * @param write how negotiation replies reach the caller
   */
  constructor(events: TelnetEvents, write: ProtocolWriter) {
    this.#events = events;
    this.#write = write;
    this.#decoder = new TelnetDecoder({
      data: (bytes) => events.data(bytes),
      command: (code) => this.#onCommand(code),
      negotiate: (verb, option) => {
        this.#peerNegotiates = true;
        this.#options.receive(verb, option);
        this.#checkSettled();
      },
      subnegotiation: (option, payload) => this.#onSubnegotiation(option, payload),
    });
    this.#options = new TelnetOptions(POLICY, {
      send: (verb, option) => write((out) => writeCommand(out, verb, option)),
      changed: (option, side, enabled) => {
        if (side !== "remote") return;
        if (option === TTYPE) {
          this.#awaitingTtype = enabled;
          if (enabled) write((out) => out.bytes(REQUEST_TTYPE));
        } else if (option === NAWS) {
          this.#awaitingNaws = enabled;
        }
      },
    });
  }

  /** Whether the server echoes typed characters (the client accepted WILL ECHO). */
  get echoes(): boolean {
    return this.#options.isLocal(ECHO);
  }

  /**
   * Raw mode for file transfers: newlines pass through uncooked. (Both sides offered BINARY
   * at connect; IAC doubling goes on regardless, as RFC 856 requires.)
   */
  set binary(on: boolean) {
    this.#decoder.cookNewlines = !on;
  }

  /** Decodes bytes from the socket (borrowed: only read during the call). */
  receive(bytes: Uint8Array): void {
    this.#decoder.push(bytes);
  }

  /** Appends session output to `out` with every IAC (0xFF) doubled (RFC 854). */
  encode(out: ByteWriter, bytes: Uint8Array): void {
    writeEscaped(out, bytes);
  }

  /**
   * Offers the server's options and asks for the client's, then resolves when the answers the
   * first screen depends on are in (echo, window size, terminal type), or after `graceMs` for a
   * client that never answers (netcat), or after four grace periods for one that answers only
   * some. `abandon()` ends the wait early.
   */
  negotiate(graceMs: number): Promise<void> {
    for (const option of POLICY.local) this.#options.enableLocal(option);
    for (const option of POLICY.remote) this.#options.enableRemote(option);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        this.#settled = undefined;
        resolve();
      };
      this.#settled = done;
      const started = Date.now();
      const tick = () => {
        const waited = Date.now() - started;
        if (!this.#peerNegotiates || waited >= graceMs * 4) done();
        else timer = setTimeout(tick, graceMs);
      };
      timer = setTimeout(tick, graceMs);
      this.#checkSettled();
    });
  }

  /** Stops waiting for negotiation (the caller hung up). */
  abandon(): void {
    this.#settled?.();
  }

  #onCommand(code: number): void {
    if (code === AYT) this.#events.command("are-you-there");
    else if (code === EC) this.#events.command("erase-char");
    else if (code === EL) this.#events.command("erase-line");
    else if (code === IP) this.#events.command("interrupt");
  }

  #onSubnegotiation(option: number, payload: Uint8Array): void {
    this.#peerNegotiates = true;
    if (option === NAWS) {
      this.#awaitingNaws = false;
      const size = parseNaws(payload);
      // Zero means "unknown" (RFC 1073): keep what we have.
      if (size && size.width > 0 && size.height > 0) {
        this.#events.resize(
          Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, size.width)),
          Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, size.height)),
        );
      }
    } else if (option === TTYPE) {
      const name = parseTtype(payload);
      if (name !== undefined) {
        this.#awaitingTtype = false;
        this.#events.terminalType(name);
      }
    }
    this.#checkSettled();
  }

  #checkSettled(): void {
    const waiting = this.#awaitingTtype || this.#awaitingNaws ||
      SETTLE_OPTIONS.some((option) => this.#options.negotiating(option));
    if (this.#settled && !waiting) this.#settled();
  }
}
