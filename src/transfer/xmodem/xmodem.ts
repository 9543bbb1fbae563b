/**
 * XMODEM (one file, no name or length on the wire) in its three variants: checksum, CRC-16 and
 * 1k blocks.
 *
 * @module
 */

import type {
  FileSource,
  FileTarget,
  TransferReport,
  ZmodemSink,
  ZmodemTimers,
} from "../zmodem/mod.ts";
import { NAK, WANT_CRC } from "./constants.ts";
import { BlockReceiver } from "./receiver.ts";
import { BlockSender, checkSize } from "./sender.ts";

/**
 * The XMODEM variant: "checksum" (128-byte blocks, 8-bit sum; the receiver starts with NAK),
 * "crc" (128-byte blocks, CRC-16; the receiver starts with 'C') or "1k" (1024-byte STX blocks
 * with CRC-16).
 */
export type XmodemMode = "checksum" | "crc" | "1k";

/** Options for {@linkcode XmodemSender}. */
export interface XmodemSenderOptions {
  /** Where blocks go. */
  sink: ZmodemSink;
  /** The file to send. */
  file: FileSource;
  /**
   * What the sender offers. "crc" (default) answers 'C' with CRC-16 and NAK with checksums;
   * "1k" does the same with 1024-byte blocks when the receiver asked for CRC (128-byte blocks
   * for the last ≤ 896 bytes, as lrzsz does, so padding stays under 128 bytes); "checksum"
   * answers only NAK (a CRC receiver falls back to NAK after a few 'C's).
   */
  mode?: XmodemMode;
  /** Timer functions; default the runtime's. */
  timers?: ZmodemTimers;
  /** How long to wait for the receiver's answer before sending a block again. Default 10,000 ms. */
  timeoutMs?: number;
  /** NAKs or timeouts in a row before the transfer is aborted. Default 10. */
  retries?: number;
  /** Called after each acknowledged block with the bytes sent so far. */
  onProgress?: (file: FileSource, offset: number) => void;
}

/**
 * Sends one file with XMODEM (a caller's download) without doing I/O itself: receiver bytes
 * come in through {@linkcode XmodemSender.push}, blocks go out through the sink.
 *
 * The receiver cannot learn the file's length: the last block is padded with SUB (0x1A), and
 * a receiver keeps the padding unless it knows the length from elsewhere.
 *
 * @example
 * ```ts
 * const sender = new XmodemSender({ sink, file, mode: "1k" });
 * const done = sender.start();
 * for (let n; (n = await conn.read(buf)) !== null;) sender.push(buf.subarray(0, n));
 * const report = await done;
 * ```
 */
export class XmodemSender {
  readonly #engine: BlockSender;
  readonly #file: FileSource;
  readonly #mode: XmodemMode;
  #done: Promise<TransferReport> | undefined;

  /**
   * Makes a sender; nothing is sent before `start()`.
   *
   * @param options sink, file and tuning.
   */
  constructor(options: XmodemSenderOptions) {
    checkSize(options.file);
    this.#engine = new BlockSender("XMODEM", options);
    this.#file = options.file;
    this.#mode = options.mode ?? "crc";
  }

  /** Waits for the receiver's start byte and sends the file; the promise never rejects. */
  start(): Promise<TransferReport> {
    this.#done ??= this.#engine.run(async () => {
      const checksumOnly = this.#mode === "checksum";
      await this.#engine.awaitStart({ crc: !checksumOnly, checksum: true, streaming: false });
      await this.#engine.sendFile(this.#file, this.#mode === "1k" ? 1024 : 128);
    });
    return this.#done;
  }

  /** Feeds bytes from the receiver; `bytes` is borrowed. Never throws. */
  push(bytes: Uint8Array): void {
    this.#engine.push(bytes);
  }

  /** Aborts the transfer and tells the receiver (CAN×8, BS×10). */
  cancel(reason = "cancelled by the BBS"): void {
    this.#engine.stop(reason, true);
  }

  /** Ends the transfer without sending anything (the connection is gone). */
  hangUp(reason = "the caller hung up"): void {
    this.#engine.stop(reason, false);
  }
}

/** Options for {@linkcode XmodemReceiver}. */
export interface XmodemReceiverOptions {
  /** Where ACKs, NAKs and start bytes go. */
  sink: ZmodemSink;
  /** Where the file goes; `open` must answer `{ resumeAt: 0 }` ("skip" aborts the transfer). */
  target: FileTarget;
  /** The name the target is given (XMODEM carries none). Default "unnamed". */
  name?: string;
  /**
   * The file's length, when known from elsewhere: data past it (the SUB padding) is dropped.
   * Without it the target gets every block whole, padding included (up to 127 SUBs from a
   * careful sender, up to 1023 from a 1k sender that does not shorten its last block).
   */
  size?: number;
  /**
   * How to ask for the file: "checksum" starts with NAK; "crc" and "1k" (the same for a
   * receiver) start with 'C' and fall back to NAK and checksums after three unanswered 'C's
   * 3 s apart. 128- and 1024-byte blocks are accepted in every mode. Default "crc".
   */
  mode?: XmodemMode;
  /** Timer functions; default the runtime's. */
  timers?: ZmodemTimers;
  /** Silence before asking again (start byte or NAK). Default 10,000 ms. */
  timeoutMs?: number;
  /** Errors or timeouts in a row before the transfer is aborted. Default 10. */
  retries?: number;
  /** Called after each write to the target with the bytes stored so far. */
  onProgress?: (offset: number) => void;
}

const encoder = new TextEncoder();

/**
 * Receives one file with XMODEM (a caller's upload) without doing I/O itself: sender bytes
 * come in through {@linkcode XmodemReceiver.push}, answers go out through the sink, data goes
 * to the target. A resent block is ACKed and dropped; a block out of sequence aborts.
 *
 * @example
 * ```ts
 * const receiver = new XmodemReceiver({ sink, target, name: "UPLOAD.ZIP" });
 * const done = receiver.start();
 * for (let n; (n = await conn.read(buf)) !== null;) await receiver.push(buf.subarray(0, n));
 * const report = await done;
 * ```
 */
export class XmodemReceiver {
  readonly #engine: BlockReceiver;

  /**
   * Makes a receiver; nothing is sent before `start()`.
   *
   * @param options sink, target and tuning.
   */
  constructor(options: XmodemReceiverOptions) {
    const { size } = options;
    if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
      throw new RangeError(`XMODEM file size must be a whole number of bytes, got ${size}`);
    }
    const mode = options.mode ?? "crc";
    this.#engine = new BlockReceiver({
      label: "XMODEM",
      batch: false,
      start: mode === "checksum" ? NAK : WANT_CRC,
      crcFallback: mode !== "checksum",
      file: {
        name: encoder.encode(options.name ?? "unnamed"),
        size,
        mtime: undefined,
        mode: undefined,
        filesLeft: 1,
        bytesLeft: size,
        resume: false,
      },
    }, options);
  }

  /** Opens the target and asks for the file; the promise settles at the end, never rejects. */
  start(): Promise<TransferReport> {
    return this.#engine.start();
  }

  /**
   * Feeds bytes from the sender; `bytes` is borrowed. When the target is busy, returns a
   * promise to await before the next `push`. Never throws or rejects.
   */
  push(bytes: Uint8Array): Promise<void> | undefined {
    return this.#engine.push(bytes);
  }

  /** Aborts the transfer and tells the sender (CAN×8, BS×10). */
  cancel(reason = "cancelled by the BBS"): void {
    this.#engine.stop(reason, true);
  }

  /** Ends the transfer without sending anything (the connection is gone). */
  hangUp(reason = "the caller hung up"): void {
    this.#engine.stop(reason, false);
  }
}
