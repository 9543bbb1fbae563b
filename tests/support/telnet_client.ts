/**
 * A scripted telnet caller for end-to-end tests and the load bench: it answers negotiation
 * like a real client (or refuses everything, or speaks raw TCP like netcat), keeps a plain-text
 * transcript of the screen output, and waits for text to appear.
 *
 * @module
 */

import { ByteWriter } from "../../src/bytes/mod.ts";
import {
  BINARY,
  ECHO,
  NAWS,
  SGA,
  TelnetDecoder,
  TelnetOptions,
  TTYPE,
  TTYPE_IS,
  TTYPE_SEND,
  writeCommand,
  writeEscaped,
  writeSubnegotiation,
} from "../../src/telnet/mod.ts";
import { CP437_TO_UNICODE, encodeCp437 } from "../../src/terminal/mod.ts";
import xterm from "@xterm/headless";

/** Options of `handOver`. */
export interface HandOverOptions {
  /** Where the program runs (its files land there). */
  cwd: string;
  /** After this many bytes relayed either way, cancel as a caller would: CANs to the board. */
  cancelAfterBytes?: number;
  /** After this many bytes relayed either way, drop the connection (a lost line). */
  cutAfterBytes?: number;
}

/** How the client treats telnet negotiation. */
export type ClientMode = "telnet" | "refuse" | "raw";

/** Options of `TelnetTestClient.connect`. */
export interface ClientOptions {
  port: number;
  hostname?: string;
  /** `telnet` answers like SyncTERM/PuTTY, `refuse` says no to everything, `raw` is netcat. */
  mode?: ClientMode;
  /** Sent in answer to TTYPE SEND. */
  terminalType?: string;
  /** Window size sent by NAWS; `null` refuses NAWS. */
  size?: { width: number; height: number } | null;
  /** Decode output as UTF-8 instead of CP437. */
  utf8?: boolean;
  /** Keep a real terminal emulator (xterm.js) fed with the output, for `screen()`. */
  emulate?: boolean;
}

const ANSI_SEQUENCE = /\x1b(?:\[[0-?]*[ -\/]*[@-~]|[@-Z\\-_])/g;
const INCOMPLETE_TAIL = /\x1b(?:\[[0-?]*[ -\/]*)?$/;

/** A caller on a TCP connection to the daemon. */
export class TelnetTestClient {
  /** Everything shown so far, escape sequences removed. */
  text = "";
  /** Where the next `expect` starts looking in `text`. */
  mark = 0;
  /** Resolves when the server closes the connection. */
  readonly closed: Promise<void>;
  /** Bytes received in total. */
  bytesReceived = 0;

  readonly #conn: Deno.TcpConn;
  readonly #options: ClientOptions;
  readonly #out = new ByteWriter();
  #decoder: TelnetDecoder | undefined;
  #negotiation: TelnetOptions | undefined;
  #pendingEscape = "";
  #utf8 = new TextDecoder();
  #listeners = new Set<() => void>();
  #isClosed = false;
  #terminal: xterm.Terminal | undefined;
  /** While a transfer program has the line: where the board's bytes go instead of the screen. */
  #handedOver: Uint8Array[] | undefined;

  private constructor(conn: Deno.TcpConn, options: ClientOptions) {
    this.#conn = conn;
    this.#options = options;
    if (options.emulate) {
      const size = options.size ?? { width: 80, height: 24 };
      this.#terminal = new xterm.Terminal({
        cols: size.width,
        rows: size.height,
        allowProposedApi: true,
      });
    }
    if ((options.mode ?? "telnet") !== "raw") this.#setUpTelnet();
    this.closed = this.#readLoop();
  }

  /** Connects to the daemon. */
  static async connect(options: ClientOptions): Promise<TelnetTestClient> {
    const conn = await Deno.connect({
      hostname: options.hostname ?? "127.0.0.1",
      port: options.port,
    });
    conn.setNoDelay(true);
    return new TelnetTestClient(conn, options);
  }

  /** True once the server hung up. */
  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Whether the server echoes (it offered WILL ECHO and we agreed). */
  get serverEchoes(): boolean {
    return this.#negotiation?.isRemote(ECHO) ?? false;
  }

  /**
   * Waits until `pattern` appears after the mark, moves the mark past it and returns the text
   * from the old mark to the end of the match.
   */
  async expect(pattern: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.#find(pattern);
      if (found) {
        const seen = this.text.slice(this.mark, found.end);
        this.mark = found.end;
        return seen;
      }
      if (this.#isClosed) throw this.#failure(`connection closed before ${pattern}`);
      const left = deadline - Date.now();
      if (left <= 0) throw this.#failure(`timed out waiting for ${pattern}`);
      await this.#nextData(left);
    }
  }

  /** Sends text as typed (CP437 or UTF-8 as configured), IAC doubled. */
  async send(text: string): Promise<void> {
    const bytes = this.#options.utf8 ? new TextEncoder().encode(text) : encodeCp437(text);
    const out = this.#out.clear();
    if (this.#decoder) writeEscaped(out, bytes);
    else out.bytes(bytes);
    await this.#write(out.view());
  }

  /** Types `text` and presses Enter (CR LF, as NVT clients send it). */
  line(text: string): Promise<void> {
    return this.send(text + "\r\n");
  }

  /** Sends raw bytes, exactly as given. */
  async sendBytes(bytes: Uint8Array): Promise<void> {
    await this.#write(bytes);
  }

  /** Reports a new window size (NAWS). */
  async resize(width: number, height: number): Promise<void> {
    this.#terminal?.resize(width, height);
    const out = this.#out.clear();
    writeSubnegotiation(out, NAWS, nawsPayload(width, height));
    await this.#write(out.view());
  }

  #relayed: (() => Promise<void>) | undefined;

  /**
   * Hands the line to a file transfer program (lrzsz's `rz`, `sz` …) as a telnet client does:
   * the board's bytes, telnet-decoded, go to its stdin; its stdout goes to the board with IAC
   * doubled. Resolves when the program exits, and the client is an ordinary terminal again.
   */
  async handOver(
    program: string,
    args: string[],
    options: HandOverOptions,
  ): Promise<{ code: number; stderr: string }> {
    const child = new Deno.Command(program, {
      args,
      cwd: options.cwd,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stdin = child.stdin.getWriter();
    const queue: Uint8Array[] = [];
    this.#handedOver = queue;
    let stdinOpen = true;
    let relayed = 0;
    let stopped = false;
    // Past the byte count a test asked for: cancel as a caller would (CANs), or drop the line.
    const interrupt = async () => {
      if (stopped) return;
      stopped = true;
      if (options.cancelAfterBytes !== undefined) {
        await this.#write(Uint8Array.of(...Array(8).fill(0x18), ...Array(10).fill(0x08))).catch(
          () => {},
        );
      } else {
        this.#conn.close();
      }
      try {
        child.kill("SIGKILL");
      } catch {
        // It ended by itself meanwhile.
      }
    };
    const limit = options.cancelAfterBytes ?? options.cutAfterBytes ?? Infinity;
    this.#relayed = async () => {
      while (queue.length > 0) {
        const chunk = queue.shift()!;
        relayed += chunk.length;
        if (relayed > limit) await interrupt();
        if (stdinOpen && !stopped) await stdin.write(chunk).catch(() => stdinOpen = false);
      }
    };
    const out = new ByteWriter(65536);
    const fromProgram = (async () => {
      for await (const chunk of child.stdout) {
        if (stopped) continue;
        relayed += chunk.length;
        if (relayed > limit) {
          await interrupt();
          continue;
        }
        out.clear(1 << 20);
        if (this.#decoder) writeEscaped(out, chunk);
        else out.bytes(chunk);
        await this.#write(out.view()).catch(() => {});
      }
    })();
    const stderr = new Response(child.stderr).text();
    // Carrier lost: the program sees its input end, as under a real terminal.
    void this.closed.then(() => {
      if (!stdinOpen) return;
      stdinOpen = false;
      stdin.close().catch(() => {});
    });
    const status = await child.status;
    // The line is the terminal's again at once: what the board sends from now on (a summary, a
    // prompt) and what the program left unread belong on the screen.
    this.#handedOver = undefined;
    this.#relayed = undefined;
    for (const chunk of queue.splice(0)) this.#show(chunk);
    this.#notify();
    await fromProgram;
    if (stdinOpen) await stdin.close().catch(() => {});
    stdinOpen = false;
    return { code: status.code, stderr: await stderr };
  }

  /** Hangs up and waits for the read loop to end. */
  async close(): Promise<void> {
    try {
      this.#conn.close();
    } catch {
      // The server hung up first.
    }
    await this.closed;
    this.#terminal?.dispose();
  }

  /**
   * What the emulated terminal shows now, one string per row (needs `emulate: true`): the
   * screen a caller would see, after every cursor move and colour.
   */
  async screen(): Promise<string[]> {
    const terminal = this.#terminal;
    if (!terminal) throw new Error("screen() needs a client made with emulate: true");
    await new Promise<void>((resolve) => terminal.write("", resolve));
    const buffer = terminal.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < terminal.rows; y++) {
      rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? "");
    }
    return rows;
  }

  /**
   * Waits until the emulated screen (needs `emulate: true`) matches `pattern`, for views the
   * board updates by drawing only what changed, where the transcript shows fragments.
   *
   * @returns the screen's rows joined by newlines
   */
  async expectScreen(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = (await this.screen()).join("\n");
      if (pattern.test(screen)) return screen;
      if (this.#isClosed) {
        throw new Error(`connection closed before ${pattern}; screen:\n${screen}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern} on screen:\n${screen}`);
      await this.#nextData(left);
    }
  }

  /** The emulated terminal's cell at (x, y) on screen: glyph and colours as xterm.js reports. */
  async cell(
    x: number,
    y: number,
  ): Promise<{ chars: string; fg: number; bg: number; bold: boolean }> {
    const terminal = this.#terminal;
    if (!terminal) throw new Error("cell() needs a client made with emulate: true");
    await new Promise<void>((resolve) => terminal.write("", resolve));
    const buffer = terminal.buffer.active;
    const cell = buffer.getLine(buffer.viewportY + y)!.getCell(x)!;
    return {
      chars: cell.getChars(),
      fg: cell.getFgColor(),
      bg: cell.getBgColor(),
      bold: cell.isBold() !== 0,
    };
  }

  #setUpTelnet(): void {
    const refuse = this.#options.mode === "refuse";
    const policy = refuse ? { local: [], remote: [] } : {
      local: [TTYPE, SGA, BINARY, ...(this.#options.size === null ? [] : [NAWS])],
      remote: [ECHO, SGA, BINARY],
    };
    const out = new ByteWriter();
    const flush = () => {
      if (out.length > 0) {
        const bytes = out.view().slice();
        out.clear();
        this.#write(bytes).catch(() => {});
      }
    };
    this.#negotiation = new TelnetOptions(policy, {
      send: (verb, option) => {
        writeCommand(out, verb, option);
        queueMicrotask(flush);
      },
      changed: (option, side, enabled) => {
        if (option === NAWS && side === "local" && enabled) {
          const size = this.#options.size ?? { width: 80, height: 24 };
          writeSubnegotiation(out, NAWS, nawsPayload(size.width, size.height));
          queueMicrotask(flush);
        }
      },
    });
    this.#decoder = new TelnetDecoder({
      data: (bytes) => this.#handedOver ? this.#handedOver.push(bytes.slice()) : this.#show(bytes),
      command: () => {},
      negotiate: (verb, option) => this.#negotiation!.receive(verb, option),
      subnegotiation: (option, payload) => {
        if (option === TTYPE && payload[0] === TTYPE_SEND && this.#negotiation!.isLocal(TTYPE)) {
          const name = new TextEncoder().encode(this.#options.terminalType ?? "ANSI");
          writeSubnegotiation(out, TTYPE, Uint8Array.of(TTYPE_IS, ...name));
          queueMicrotask(flush);
        }
      },
    });
    this.#decoder.cookNewlines = false;
  }

  async #readLoop(): Promise<void> {
    const buffer = new Uint8Array(65536);
    try {
      for (;;) {
        const n = await this.#conn.read(buffer);
        if (n === null) break;
        this.bytesReceived += n;
        const chunk = buffer.subarray(0, n);
        if (this.#decoder) this.#decoder.push(chunk);
        else if (this.#handedOver) this.#handedOver.push(chunk.slice());
        else this.#show(chunk);
        this.#notify();
        if (this.#handedOver && this.#handedOver.length > 0) await this.#relayed?.();
      }
    } catch {
      // Closed by us or reset by the server: both end the transcript.
    } finally {
      this.#isClosed = true;
      try {
        this.#conn.close();
      } catch {
        // Already closed.
      }
      this.#notify();
    }
  }

  #show(bytes: Uint8Array): void {
    let decoded = "";
    if (this.#options.utf8) {
      decoded = this.#utf8.decode(bytes, { stream: true });
    } else {
      for (const b of bytes) {
        decoded += b < 0x20 || b === 0x7f ? String.fromCharCode(b) : CP437_TO_UNICODE[b]!;
      }
    }
    this.#terminal?.write(this.#options.utf8 ? bytes.slice() : decoded);
    let text = this.#pendingEscape + decoded;
    const tail = INCOMPLETE_TAIL.exec(text);
    this.#pendingEscape = tail ? tail[0] : "";
    if (tail) text = text.slice(0, tail.index);
    this.text += text.replace(ANSI_SEQUENCE, "");
  }

  #find(pattern: string | RegExp): { end: number } | undefined {
    if (typeof pattern === "string") {
      const at = this.text.indexOf(pattern, this.mark);
      return at < 0 ? undefined : { end: at + pattern.length };
    }
    const regex = new RegExp(pattern.source, pattern.flags.replace("g", "") + "g");
    regex.lastIndex = this.mark;
    const match = regex.exec(this.text);
    return match ? { end: match.index + match[0].length } : undefined;
  }

  #nextData(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#listeners.add(done);
    });
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let view = bytes;
    while (view.length > 0) view = view.subarray(await this.#conn.write(view));
  }

  #failure(what: string): Error {
    return new Error(`${what}; screen after the mark:\n${this.text.slice(this.mark).slice(-1500)}`);
  }
}

function nawsPayload(width: number, height: number): Uint8Array {
  return Uint8Array.of(width >> 8, width & 0xff, height >> 8, height & 0xff);
}
