/**
 * One caller on one node: bytes in through the telnet protocol, keys out to prompts, text and
 * screens in the caller's character set back to the socket. The session knows the caller's
 * state; menus drive it.
 *
 * @module
 */

import { CarrierError } from "../errors.ts";
import type { User } from "../storage/mod.ts";
import { ByteWriter } from "../bytes/mod.ts";
import {
  type Charset,
  type ColorMode,
  pipeToAnsi,
  profileForTerminalType,
  Renderer,
  Screen,
  stripPipeCodes,
  writeCp437,
  writeRows,
} from "../terminal/mod.ts";
import { InputQueue } from "./input_queue.ts";
import { key, KeyDecoder } from "./keys.ts";
import type { PromptIo } from "./line_input.ts";
import { OutputChannel } from "./output.ts";
import { TelnetProtocol } from "./telnet_protocol.ts";

/** The transport under a session: a telnet TCP connection today, others later. */
export interface Link {
  /** The caller's address, for logs and throttling. */
  readonly remoteAddress: string;
  /** Writes some of `bytes`; resolves with how many were written. */
  write(bytes: Uint8Array): Promise<number>;
  /** Closes the connection; the transport then calls `Session.hangup`. */
  close(): void;
}

/** Settings a session takes from the board configuration. */
export interface SessionOptions {
  /** How long to wait for a client that never answers negotiation. */
  negotiationGraceMs: number;
  /** How long a lone ESC waits for the rest of an escape sequence. */
  escapeTimeoutMs?: number;
}

/** Read sizes for the transport: keystrokes need little, file uploads want big reads. */
const READ_SIZE_IDLE = 4096;
const READ_SIZE_TRANSFER = 65536;
/** How long after a transfer the line stays quiet before prompts resume. */
const TRANSFER_SETTLE_MS = 300;
/** Output a transfer may queue before its sink waits for the socket. */
const TRANSFER_HIGH_WATER = 256 * 1024;

/** Where a transfer codec writes its frames. */
export interface TransferSink {
  /** Queues `bytes` for the caller; a returned promise asks the codec to wait. */
  write(bytes: Uint8Array): void | Promise<void>;
}

/** A file-transfer protocol codec (ZMODEM, YMODEM, XMODEM) as the session drives it. */
export interface TransferCodec<R> {
  /** Runs the transfer; settles with its report (never rejects). */
  start(): Promise<R>;
  /** Bytes from the caller (borrowed); a promise means the codec is busy. */
  push(bytes: Uint8Array): Promise<void> | void | undefined;
  /** The caller is gone. */
  hangUp(reason?: string): void;
  /** The board ends the transfer (shutdown, time up): tell the peer with CANs. */
  cancel(reason?: string): void;
}

/** Terminal settings a raw client (one that never negotiates) gets. */
export const DEFAULT_TERMINAL = Object.freeze({ width: 80, height: 24, type: "ANSI" });

/**
 * A connected caller. The transport feeds `receive` and calls `hangup`; menus use `print`,
 * the prompts in `line_input.ts`, and `disconnect`.
 */
export class Session implements PromptIo {
  /** The caller's node number. */
  readonly node: number;
  /** Where the caller connects from. */
  readonly remoteAddress: string;
  /** When the connection was accepted (ms since the epoch). */
  readonly connectedAt = Date.now();
  /** The caller's keys, waiting for prompts. */
  readonly input = new InputQueue();
  /** The logged-in account, once there is one. */
  caller: User | undefined;
  /** When the caller logged in (ms since the epoch). */
  loggedInAt: number | undefined;
  /** What the caller is doing, for who's online. */
  activity = "Logging in";
  /** Terminal width in columns (NAWS, else 80). */
  width: number = DEFAULT_TERMINAL.width;
  /** Terminal height in rows (NAWS, else 24). */
  height: number = DEFAULT_TERMINAL.height;
  /** Terminal type from TTYPE, else "ANSI". */
  terminalType: string = DEFAULT_TERMINAL.type;
  /** Whether the client told its terminal type (TTYPE), rather than "ANSI" being assumed. */
  terminalTypeReported = false;
  /** Whether the character set is known (from the terminal type or the caller's choice). */
  charsetKnown = false;
  /** How colours are sent to this terminal. */
  colorMode: ColorMode = "dos";
  /** Whether this terminal shows blink as a bright background (iCE colour). */
  iceColors = false;
  /** Last time the caller sent anything (ms since the epoch). */
  lastInputAt = Date.now();
  /** Whether the idle warning went out since the last input. */
  idleWarned = false;
  /** Whether the caller was warned that the call's time is nearly up. */
  timeWarned = false;
  /** Called when the window size changes. */
  onResize: (() => void) | undefined;
  /** Bytes the transport should read at a time: small when idle, large during a transfer. */
  readSize = READ_SIZE_IDLE;
  /** Whether a file transfer has the line (the watchdog leaves such callers be). */
  transferring = false;

  readonly #link: Link;
  readonly #options: SessionOptions;
  readonly #output: OutputChannel;
  readonly #telnet: TelnetProtocol;
  readonly #keys: KeyDecoder;
  #charset: Charset = "cp437";
  #escapeTimer: ReturnType<typeof setTimeout> | undefined;
  #closed: CarrierError | undefined;
  #closedListeners: (() => void)[] = [];
  #disconnecting: Promise<void> | undefined;
  // Full-screen drawing, made on first use and let go when a view is done with it.
  #renderer: Renderer | undefined;
  #rendererKey = "";
  #scratch: ByteWriter | undefined;
  /** While a transfer runs: where input bytes go instead of the key decoder. */
  #transferInput: ((bytes: Uint8Array) => Promise<void> | void | undefined) | undefined;
  #inputBusy: Promise<void> | undefined;
  #cancelTransfer: ((reason: string) => void) | undefined;
  /** Text went out since the last render, so the renderer no longer knows the screen. */
  #wroteSinceRender = true;

  /**
   * @param link the transport
   * @param node the node number the caller holds
   */
  constructor(link: Link, node: number, options: SessionOptions) {
    this.#link = link;
    this.node = node;
    this.remoteAddress = link.remoteAddress;
    this.#options = options;
    this.#output = new OutputChannel(
      (bytes) => link.write(bytes),
      (error) => this.#lost(error),
    );
    this.#keys = new KeyDecoder((item) => this.input.push(item));
    this.#telnet = new TelnetProtocol({
      data: (bytes) => {
        if (!this.#transferInput) this.#keys.push(bytes);
        else this.#inputBusy = this.#transferInput(bytes) ?? this.#inputBusy;
      },
      resize: (width, height) => {
        if (width === this.width && height === this.height) return;
        this.width = width;
        this.height = height;
        this.onResize?.();
      },
      terminalType: (name) => {
        this.terminalType = name;
        this.terminalTypeReported = true;
      },
      command: (name) => this.#onCommand(name),
    }, (fill) => {
      fill(this.#output.writer);
      this.#output.flushSoon();
    });
  }

  /** Whether the server echoes typed characters (the client accepted WILL ECHO). */
  get echoes(): boolean {
    return this.#telnet.echoes;
  }

  /** The character set used both ways. */
  get charset(): Charset {
    return this.#charset;
  }

  set charset(value: Charset) {
    this.#charset = value;
    this.#keys.charset = value;
  }

  /**
   * Sets character set and colours from the reported terminal type; without one, CP437 and DOS
   * colours with the character set marked unknown (to be asked).
   */
  applyTerminalProfile(): void {
    const profile = profileForTerminalType(
      this.terminalTypeReported ? this.terminalType : undefined,
    );
    this.charset = profile.charset ?? "cp437";
    this.charsetKnown = profile.charset !== undefined;
    this.colorMode = profile.color;
    this.iceColors = profile.iceColors;
  }

  /** True once the connection is gone. */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** Bytes queued for the caller and not yet written. */
  get pendingOutput(): number {
    return this.#output.pending;
  }

  /**
   * Negotiates telnet options and resolves when the answers the first screen needs are in, or
   * the client turned out not to answer (see `TelnetProtocol.negotiate`).
   */
  negotiate(): Promise<void> {
    const settled = this.#telnet.negotiate(this.#options.negotiationGraceMs);
    // Registered once the wait is set up, so a session already closed ends it at once too.
    this.onClosed(() => this.#telnet.abandon());
    return settled;
  }

  /**
   * Hands received bytes to the session. `bytes` is borrowed: it is only read during the call.
   * During a file transfer the result may be a promise: read nothing more until it settles.
   */
  receive(bytes: Uint8Array): Promise<void> | undefined {
    if (this.#closed) return;
    this.lastInputAt = Date.now();
    this.idleWarned = false;
    this.#telnet.receive(bytes);
    if (this.#inputBusy) {
      // A transfer's file target is busy: the transport waits before reading more.
      const busy = this.#inputBusy;
      this.#inputBusy = undefined;
      return busy;
    }
    if (this.#keys.hasPendingEscape) {
      clearTimeout(this.#escapeTimer);
      this.#escapeTimer = setTimeout(
        () => this.#keys.flushEscape(),
        this.#options.escapeTimeoutMs ?? 40,
      );
    }
  }

  /** Sends text with pipe colour codes (`|15`, `|CL` …) turned into ANSI. */
  print(template: string): void {
    this.echo(pipeToAnsi(template));
  }

  /**
   * Sends text as is (no colour codes), encoded in the caller's character set (or in
   * `charset`, to show a sample of another one).
   */
  echo(text: string, charset: Charset = this.#charset): void {
    if (this.#closed) return;
    const scratch = this.#scratchWriter();
    if (charset === "utf8") scratch.utf8(text);
    else writeCp437(scratch, text);
    this.#sendRaw(scratch.view());
    scratch.clear(4096);
  }

  /** A blank screen the size of the caller's terminal, to draw a full-screen view into. */
  newScreen(): Screen {
    return new Screen(this.width, this.height);
  }

  /**
   * Draws `screen` on the caller's terminal, sending only what changed since the last render
   * (everything when text was printed in between, or the window or character set changed).
   */
  render(screen: Screen): void {
    if (this.#closed) return;
    const key = `${this.#charset} ${this.colorMode} ${this.iceColors}`;
    let renderer = this.#renderer;
    if (!renderer || this.#rendererKey !== key) {
      renderer = this.#renderer = new Renderer({
        width: screen.width,
        height: screen.height,
        charset: this.#charset,
        color: this.colorMode,
        iceColors: this.iceColors,
      });
      this.#rendererKey = key;
    } else if (renderer.width !== screen.width || renderer.height !== screen.height) {
      renderer.resize(screen.width, screen.height);
    } else if (this.#wroteSinceRender) {
      renderer.invalidate();
    }
    const scratch = this.#scratchWriter();
    renderer.render(screen, scratch);
    this.#sendRaw(scratch.view());
    scratch.clear(4096);
    this.#wroteSinceRender = false;
  }

  /** Forgets the renderer and its copy of the screen (a full-screen view is done). */
  releaseRenderer(): void {
    this.#renderer = undefined;
  }

  /**
   * Prints rows `fromRow` up to `toRow` of `screen` as scrolling output (ANSI art, listings),
   * clipped to the caller's width, in the caller's character set and colours.
   */
  printRows(screen: Screen, fromRow: number, toRow: number): void {
    if (this.#closed) return;
    const scratch = this.#scratchWriter();
    this.rowsInto(screen, fromRow, toRow, scratch);
    this.#sendRaw(scratch.view());
    scratch.clear(4096);
  }

  /** Appends the terminal bytes `printRows` would send (not yet telnet-escaped) to `out`. */
  rowsInto(screen: Screen, fromRow: number, toRow: number, out: ByteWriter): void {
    writeRows(screen, out, {
      fromRow,
      toRow,
      width: this.width,
      charset: this.#charset,
      color: this.colorMode,
      iceColors: this.iceColors,
    });
  }

  /**
   * Sends `bytes` at a modem's pace (`bitsPerSecond`, ten bits a byte) for the feel of a 90s
   * call; any key the caller presses shows the rest at once (and is not taken as input).
   */
  async printPaced(bytes: Uint8Array, bitsPerSecond: number): Promise<void> {
    const tickMs = 20;
    const started = performance.now();
    let sent = 0;
    while (sent < bytes.length && !this.#closed) {
      if (this.input.take() !== undefined) break;
      const due = Math.min(
        bytes.length,
        Math.floor(((performance.now() - started) * bitsPerSecond) / 10_000),
      );
      if (due > sent) {
        this.#sendRaw(bytes.subarray(sent, due));
        sent = due;
      }
      await new Promise((resolve) => setTimeout(resolve, tickMs));
    }
    if (sent < bytes.length) this.#sendRaw(bytes.subarray(sent));
  }

  /**
   * Gives the line to a file-transfer codec: telnet binary mode (no newline cooking), input to
   * the codec, its frames out with IAC doubled and with backpressure, larger reads, and the
   * caller's hang-up passed on. Everything goes back to keys and prompts when it ends.
   *
   * @param make builds the codec around the sink the session provides
   * @returns what the codec's `start()` settles with
   */
  async transfer<R>(make: (sink: TransferSink) => TransferCodec<R>): Promise<R> {
    await this.drain();
    this.input.clear();
    this.#telnet.binary = true;
    this.readSize = READ_SIZE_TRANSFER;
    this.transferring = true;
    const codec = make({
      write: (bytes) => {
        this.#sendRaw(bytes);
        return this.#output.pending > TRANSFER_HIGH_WATER ? this.drain() : undefined;
      },
    });
    this.#transferInput = (bytes) => codec.push(bytes);
    this.#cancelTransfer = (reason) => codec.cancel(reason);
    let running = true;
    this.onClosed(() => running && codec.hangUp());
    try {
      const report = await codec.start();
      // The caller's program may still send its last bytes ("OO" after ZFIN) and needs a
      // moment to hand the terminal back: wait, and throw away what arrives meanwhile.
      this.#transferInput = () => undefined;
      await new Promise((resolve) => setTimeout(resolve, TRANSFER_SETTLE_MS));
      return report;
    } finally {
      running = false;
      this.#transferInput = undefined;
      this.#cancelTransfer = undefined;
      this.#inputBusy = undefined;
      this.#telnet.binary = false;
      this.readSize = READ_SIZE_IDLE;
      this.transferring = false;
      this.lastInputAt = Date.now();
      this.input.clear();
    }
  }

  /** Resolves when everything printed so far has reached the socket. */
  drain(): Promise<void> {
    return this.#output.drain();
  }

  /**
   * Says `message` (if any), waits up to `timeoutMs` for it to leave, and hangs up. Once only:
   * a later call (the watchdog sweeps every second) says nothing and waits for the first.
   */
  disconnect(message?: string, timeoutMs = 2000): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#disconnecting ??= this.#sayGoodbye(message, timeoutMs);
  }

  async #sayGoodbye(message: string | undefined, timeoutMs: number): Promise<void> {
    // A transfer in progress is cancelled properly first, so the caller's program stops too.
    // (The board's goodbyes have line breaks only at their ends, which trim() takes off.)
    this.#cancelTransfer?.(stripPipeCodes(message ?? "").trim() || "the board hung up");
    if (message) this.print(message);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.drain(),
      new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs)),
    ]);
    clearTimeout(timer);
    this.#link.close();
    this.hangup(new CarrierError("HANGUP", "Disconnected by the board"));
  }

  /** Ends the session: the transport closed, or the board hung up. Idempotent. */
  hangup(reason: CarrierError = new CarrierError("HANGUP", "The caller hung up")): void {
    if (this.#closed) return;
    this.#closed = reason;
    clearTimeout(this.#escapeTimer);
    this.input.close(reason);
    const listeners = this.#closedListeners;
    this.#closedListeners = [];
    for (const listener of listeners) listener();
  }

  /** Calls `listener` once when the session ends (at once if it already has). */
  onClosed(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closedListeners.push(listener);
  }

  #scratchWriter(): ByteWriter {
    return this.#scratch ??= new ByteWriter(4096);
  }

  /** Queues terminal bytes, encoded for the transport (telnet doubles IAC). */
  #sendRaw(bytes: Uint8Array): void {
    this.#wroteSinceRender = true;
    this.#telnet.encode(this.#output.writer, bytes);
    this.#output.flushSoon();
  }

  #lost(error: Error): void {
    this.#link.close();
    this.hangup(new CarrierError("HANGUP", `Connection lost: ${error.message}`, { cause: error }));
  }

  #onCommand(name: "erase-char" | "erase-line" | "interrupt" | "are-you-there"): void {
    if (name === "are-you-there") this.echo(`\r\n[Carrier: node ${this.node} is here]\r\n`);
    else if (name === "erase-char") this.input.push(key("backspace"));
    else if (name === "erase-line") this.input.push(key("ctrl-u"));
    else this.input.push(key("ctrl-c"));
  }
}
