/**
 * YMODEM batch: XMODEM-1k blocks with a header block 0 per file carrying its name, length,
 * date and mode, and an empty header ending the batch. YMODEM-g (streaming) on request.
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
import { WANT_CRC, WANT_G } from "./constants.ts";
import { BlockReceiver } from "./receiver.ts";
import { BlockSender, checkSize, type StartBytes } from "./sender.ts";

/** Options for {@linkcode YmodemSender}. */
export interface YmodemSenderOptions {
  /** Where blocks go. */
  sink: ZmodemSink;
  /** Files to send, in order; an empty list sends just the end of the batch. */
  files: readonly FileSource[];
  /**
   * Data block size: 1024 (default; the last ≤ 896 bytes go in 128-byte blocks) or 128. A
   * receiver that asks with NAK (checksums) always gets 128-byte blocks.
   */
  blockSize?: 128 | 1024;
  /** Timer functions; default the runtime's. */
  timers?: ZmodemTimers;
  /** How long to wait for the receiver's answer before sending a block again. Default 10,000 ms. */
  timeoutMs?: number;
  /** NAKs or timeouts in a row before the transfer is aborted. Default 10. */
  retries?: number;
  /** Called after each acknowledged block with the file and the bytes sent so far. */
  onProgress?: (file: FileSource, offset: number) => void;
}

/** Every start byte a YMODEM sender answers: 'C', NAK, and 'G' for YMODEM-g. */
const ANY_START: StartBytes = { crc: true, checksum: true, streaming: true };

/**
 * Sends a batch of files with YMODEM (a caller's download) without doing I/O itself: receiver
 * bytes come in through {@linkcode YmodemSender.push}, blocks go out through the sink. Each
 * file's header gives its exact length, so the receiver can drop the SUB padding. A receiver
 * that starts with 'G' gets YMODEM-g: blocks without waiting for ACKs.
 *
 * @example
 * ```ts
 * const sender = new YmodemSender({ sink, files: [readme, archive] });
 * const done = sender.start();
 * for (let n; (n = await conn.read(buf)) !== null;) sender.push(buf.subarray(0, n));
 * const report = await done;
 * ```
 */
export class YmodemSender {
  readonly #engine: BlockSender;
  readonly #files: readonly FileSource[];
  readonly #blockSize: 128 | 1024;
  #done: Promise<TransferReport> | undefined;

  /**
   * Makes a sender; nothing is sent before `start()`.
   *
   * @param options sink, files and tuning.
   */
  constructor(options: YmodemSenderOptions) {
    for (const file of options.files) checkSize(file);
    this.#engine = new BlockSender("YMODEM", options);
    this.#files = options.files;
    this.#blockSize = options.blockSize ?? 1024;
  }

  /** Sends the batch as the receiver asks for each part; the promise never rejects. */
  start(): Promise<TransferReport> {
    this.#done ??= this.#engine.run(async () => {
      const engine = this.#engine;
      let bytesLeft = this.#files.reduce((sum, file) => sum + file.size, 0);
      for (const [i, file] of this.#files.entries()) {
        await engine.awaitStart(ANY_START);
        await engine.sendHeader(file, { filesLeft: this.#files.length - i, bytesLeft });
        await engine.awaitStart(ANY_START);
        await engine.sendFile(file, this.#blockSize);
        bytesLeft -= file.size;
      }
      await engine.awaitStart(ANY_START);
      await engine.sendHeader(undefined, { filesLeft: 0, bytesLeft: 0 });
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

/** Options for {@linkcode YmodemReceiver}. */
export interface YmodemReceiverOptions {
  /** Where ACKs, NAKs and start bytes go. */
  sink: ZmodemSink;
  /**
   * Where files go. `open` gets each header (`name` raw, as sent; see `safeFileName`) and
   * answers `{ resumeAt: 0 }`, or "skip" to have the file's data received and dropped.
   */
  target: FileTarget;
  /**
   * Ask for YMODEM-g: the sender streams without waiting for ACKs, and any bad block aborts
   * the batch (there is no resend). Only for error-free links. Default false.
   */
  streaming?: boolean;
  /** Timer functions; default the runtime's. */
  timers?: ZmodemTimers;
  /** Silence before asking again ('C' or NAK). Default 10,000 ms. */
  timeoutMs?: number;
  /** Errors or timeouts in a row before the transfer is aborted. Default 10. */
  retries?: number;
  /** Called after each write to the target with the bytes stored so far in the file. */
  onProgress?: (offset: number) => void;
}

/**
 * Receives a batch of files with YMODEM (a caller's upload) without doing I/O itself: sender
 * bytes come in through {@linkcode YmodemReceiver.push}, answers go out through the sink, data
 * goes to the target cut at each header's length (padding dropped; a header without a length
 * leaves the padding in). EOT is NAKed once and ACKed when repeated, as the spec asks.
 *
 * @example
 * ```ts
 * const receiver = new YmodemReceiver({ sink, target });
 * const done = receiver.start();
 * for (let n; (n = await conn.read(buf)) !== null;) await receiver.push(buf.subarray(0, n));
 * const report = await done;
 * ```
 */
export class YmodemReceiver {
  readonly #engine: BlockReceiver;

  /**
   * Makes a receiver; nothing is sent before `start()`.
   *
   * @param options sink, target and tuning.
   */
  constructor(options: YmodemReceiverOptions) {
    const streaming = options.streaming ?? false;
    this.#engine = new BlockReceiver({
      label: streaming ? "YMODEM-g" : "YMODEM",
      batch: true,
      start: streaming ? WANT_G : WANT_CRC,
      crcFallback: false,
    }, options);
  }

  /** Asks for the first file; the promise settles at the end of the batch, never rejects. */
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
