/**
 * The receiving half shared by {@linkcode XmodemReceiver} and {@linkcode YmodemReceiver}: asks
 * for blocks, checks each one, ACKs or NAKs it, and writes the data in order to a `FileTarget`.
 *
 * @module
 */

import { CarrierError } from "../../errors.ts";
import { parseFileInfo } from "../zmodem/file_info.ts";
import type {
  FileOutcome,
  FileTarget,
  TransferReport,
  ZmodemFileInfo,
  ZmodemSink,
  ZmodemTimers,
} from "../zmodem/mod.ts";
import { safeFileName, systemTimers } from "../zmodem/mod.ts";
import { Outbox } from "../zmodem/outbox.ts";
import { PausedInput } from "../zmodem/paused_input.ts";
import { TargetWriter } from "../zmodem/target_writer.ts";
import {
  BlockReader,
  EVENT_BAD_BLOCK,
  EVENT_BLOCK,
  EVENT_CANCEL,
  EVENT_EOT,
  EVENT_NOISE,
} from "./block.ts";
import {
  ACK,
  CANCEL_SEQUENCE,
  CHAR_TIMEOUT_MS,
  CRC_TRIES,
  CRC_WAIT_MS,
  LONG_BLOCK,
  NAK,
  RETRIES,
  TIMEOUT_MS,
  WANT_CRC,
  WANT_G,
} from "./constants.ts";

/** Options every receiver takes. */
export interface BlockReceiverOptions {
  /** Where ACKs, NAKs and start bytes go. */
  sink: ZmodemSink;
  /** Where files go. `open` must answer `{ resumeAt: 0 }` or "skip": these protocols cannot resume. */
  target: FileTarget;
  /** Timer functions; default the runtime's. */
  timers?: ZmodemTimers;
  /** Silence from the sender before asking again (start byte or NAK). Default 10,000 ms. */
  timeoutMs?: number;
  /** Errors or timeouts in a row before the transfer is aborted. Default 10. */
  retries?: number;
  /** Called after each write to the target with the bytes stored so far in this file. */
  onProgress?: (offset: number) => void;
}

/** How the receiver differs between XMODEM, XMODEM-CRC, YMODEM and YMODEM-g. */
export interface ReceiverProtocol {
  /** Protocol name for reasons ("YMODEM"). */
  label: string;
  /** YMODEM: files start with a header block 0 and the batch ends with an empty one. */
  batch: boolean;
  /** The start byte: NAK (checksums), 'C' (CRC-16) or 'G' (YMODEM-g). */
  start: number;
  /** XMODEM-CRC: after a few unanswered 'C's, fall back to NAK and checksums (§8.2.2). */
  crcFallback: boolean;
  /** XMODEM: what the target is told about the one file. */
  file?: ZmodemFileInfo;
}

interface OpenFile {
  outcome: FileOutcome;
  /** Length from the header (YMODEM) or the caller (XMODEM); data past it is padding. */
  size: number | undefined;
  /** The target declined it: the data is received and dropped. */
  skip: boolean;
  /** Data bytes received so far, padding cut. */
  received: number;
}

// Phases of a session.
const PH_HEADER = 0; // YMODEM: waiting for block 0
const PH_DATA = 1; // a file is open: data blocks or EOT expected
const PH_EOT = 2; // YMODEM: the first EOT was NAKed, waiting for it again
const PH_ENDED = 3;

/** Stray bytes tolerated before the first block (a caller's typing, a shell's echo). */
const MAX_NOISE = 64 * 1024;
/** Input kept while the target is busy, at most; the buffer kept for the next wait. */
const MAX_STASH = 1 << 20;
const STASH_RETAIN = 64 * 1024;

/** The block-at-a-time receiver both protocols' receivers drive. */
export class BlockReceiver {
  readonly #protocol: ReceiverProtocol;
  readonly #target: FileTarget;
  readonly #timers: ZmodemTimers;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #streaming: boolean;
  readonly #outbox: Outbox;
  readonly #reader = new BlockReader();
  readonly #done = Promise.withResolvers<TransferReport>();
  readonly #outcomes: FileOutcome[] = [];
  #phase = PH_HEADER;
  #started = false;
  #start: number;
  #startsSent = 0;
  /** No block since the last start byte: silence is answered with the start byte, not NAK. */
  #awaitingFirst = true;
  #expect = 0;
  /** Number of the block accepted last in this file (−1: none), for spotting resends. */
  #last = -1;
  #file: OpenFile | undefined;
  #errors = 0;
  #timeouts = 0;
  #noise = 0;
  #purging = false;
  #cancelTimer: (() => void) | undefined;
  #cancelGrace: (() => void) | undefined;
  /** The timer running is the short one (inside a block, or waiting for a quiet line). */
  #timerQuick = false;
  /** Something happened that starts a new wait (a good block, an answer sent). */
  #heard = false;
  readonly #input: PausedInput;
  readonly #writer: TargetWriter;

  /**
   * @param protocol what kind of receiver this is.
   * @param options sink, target and tuning.
   */
  constructor(protocol: ReceiverProtocol, options: BlockReceiverOptions) {
    this.#protocol = protocol;
    this.#target = options.target;
    this.#timers = options.timers ?? systemTimers;
    this.#timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    this.#retries = options.retries ?? RETRIES;
    this.#start = protocol.start;
    this.#streaming = protocol.start === WANT_G;
    this.#reader.crc = protocol.start !== NAK;
    this.#input = new PausedInput({
      consume: (input, at) => this.#consume(input, at),
      live: () => this.#phase !== PH_ENDED,
      idle: () => this.#rearm(),
      workFailed: (error) => this.#abort(`the file target failed: ${String(error)}`, true, error),
      overflow: () => this.#abort("input arrived faster than push() promises were awaited", true),
    }, { maxStash: MAX_STASH, retain: STASH_RETAIN });
    this.#writer = new TargetWriter(options.target, LONG_BLOCK, {
      failed: (error) => this.#abort(`the file target failed: ${String(error)}`, true, error),
      wrote: (reached) => {
        if (this.#file) this.#file.outcome.to = reached;
        options.onProgress?.(reached);
      },
    });
    this.#outbox = new Outbox(options.sink, (error) => {
      // The peer's last words (CAN CAN) may still be on their way in: give them, or the
      // caller's hangUp(), a moment to tell the real story.
      this.#cancelGrace = this.#timers.schedule(() => {
        this.#abort(`the connection failed: ${String(error)}`, false, error);
      }, CHAR_TIMEOUT_MS);
    });
  }

  /** Asks for the first block; the promise settles when the session ends and never rejects. */
  start(): Promise<TransferReport> {
    if (this.#started || this.#phase === PH_ENDED) return this.#done.promise;
    this.#started = true;
    if (this.#protocol.batch) {
      this.#sendStart();
      this.#rearm();
    } else {
      this.#input.pause(() => this.#openXmodemFile());
      this.#input.run();
    }
    return this.#done.promise;
  }

  /**
   * Feeds bytes from the sender. `bytes` is borrowed: read or copied during the call. When
   * the target is busy, returns a promise; await it before the next `push`. Never throws and
   * never rejects.
   */
  push(bytes: Uint8Array): Promise<void> | undefined {
    return this.#input.push(bytes);
  }

  /** Ends the transfer; with `notifyPeer`, tells the sender (CAN×8, BS×10). */
  stop(reason: string, notifyPeer: boolean): void {
    this.#abort(reason, notifyPeer);
  }

  #consume(input: Uint8Array, at: number): number {
    const reader = this.#reader;
    while (at < input.length && !this.#input.paused && this.#phase !== PH_ENDED) {
      // After a bad block everything is dropped until the line is quiet (§7.3.2).
      if (this.#purging) return input.length;
      const from = at;
      const event = reader.read(input, at);
      at = reader.consumed;
      if (event === EVENT_BLOCK) this.#onBlock(reader.number, reader.data);
      else if (event === EVENT_EOT) this.#onEot();
      else if (event === EVENT_CANCEL) this.#abort("the sender cancelled (CAN CAN)", false);
      else if (event === EVENT_NOISE) this.#onNoise(reader.problem, at - from);
      else if (event === EVENT_BAD_BLOCK) this.#onBadBlock(reader.problem);
    }
    return at;
  }

  #reply(byte: number): void {
    this.#heard = true;
    this.#outbox.out.byte(byte);
    this.#outbox.send();
  }

  // Start byte (§7.3.2, §8.2.1, §6): NAK, 'C' or 'G'; XMODEM-CRC gives up on 'C' after a few.
  #sendStart(): void {
    if (this.#protocol.crcFallback && this.#start === WANT_CRC && this.#startsSent >= CRC_TRIES) {
      this.#start = NAK;
      this.#reader.crc = false;
    }
    this.#startsSent++;
    this.#awaitingFirst = true;
    this.#reply(this.#start);
  }

  /**
   * A block that passed its checks (`SOH|STX blk ~blk data[128|1024] cksum|crc_hi crc_lo`,
   * block.ts): the expected number is stored and ACKed, a resend of the last one is ACKed and
   * dropped, any other number aborts (§7.3.2).
   */
  #onBlock(number: number, data: Uint8Array): void {
    this.#timeouts = 0;
    this.#heard = true;
    if (this.#phase === PH_EOT) this.#phase = PH_DATA; // that EOT was line noise
    if (this.#phase === PH_HEADER) {
      if (number !== 0) {
        this.#abort(`expected a YMODEM header (block 0), got block ${number}`, true);
        return;
      }
      this.#onHeader(data);
      return;
    }
    if (number === this.#last) {
      // §7.3.2: our ACK was lost and the sender sent it again.
      if (!this.#streaming) this.#reply(ACK);
      return;
    }
    if (number !== this.#expect) {
      // §7.3.2: any other number means the two sides lost step; only aborting is safe.
      this.#abort(`block ${number} arrived out of sequence (expected ${this.#expect})`, true);
      return;
    }
    this.#errors = 0;
    this.#noise = 0;
    this.#awaitingFirst = false;
    this.#last = number;
    this.#expect = (number + 1) & 0xff;
    if (this.#store(data) && !this.#streaming) this.#reply(ACK);
  }

  /**
   * YMODEM header, block 0 (§5): "name NUL size mtime mode …" (decimal size, octal mtime and
   * mode), NUL-padded; an empty name ends the batch.
   */
  #onHeader(data: Uint8Array): void {
    this.#errors = 0;
    this.#noise = 0;
    if (data[0] === 0) {
      this.#reply(ACK);
      this.#end();
      return;
    }
    const info = parseFileInfo(data, false);
    this.#input.pause(() => this.#openFile(info));
  }

  // EOT alone where a block would start (§7.3.2): the file is complete. YMODEM NAKs the first
  // and ACKs the repeat (§5 Figure 3); XMODEM and YMODEM-g ACK it at once.
  #onEot(): void {
    this.#timeouts = 0;
    this.#heard = true;
    if (this.#phase === PH_HEADER) {
      // Our ACK of the last EOT was lost; lrzsz answers the same way.
      this.#reply(ACK);
      return;
    }
    if (this.#phase === PH_DATA && this.#protocol.batch && !this.#streaming) {
      this.#phase = PH_EOT;
      this.#reply(NAK);
      return;
    }
    this.#input.pause(() => this.#closeFile());
  }

  #onNoise(problem: string, count: number): void {
    if (this.#awaitingFirst) {
      // Before the first block, stray bytes are ignored (the sender may not have started yet).
      this.#noise += count;
      if (this.#noise > MAX_NOISE) this.#abort(`the sender sent only noise (${problem})`, true);
      return;
    }
    this.#onBadBlock(problem);
  }

  #onBadBlock(problem: string): void {
    if (!this.#countError(problem)) return;
    this.#purging = true;
    this.#reader.reset();
  }

  /** Counts an error; false when it ended the transfer. */
  #countError(problem: string): boolean {
    if (this.#streaming) {
      this.#abort(`${problem}; YMODEM-g cannot resend`, true);
      return false;
    }
    if (++this.#errors > this.#retries) {
      this.#abort(`too many errors in a row (last: ${problem})`, true);
      return false;
    }
    return true;
  }

  /** Keeps a data block's bytes (cut at the file's length); false when the ACK must wait. */
  #store(data: Uint8Array): boolean {
    const file = this.#file!;
    let n = data.length;
    if (file.size !== undefined) n = Math.max(0, Math.min(n, file.size - file.received));
    file.received += n;
    if (file.skip || n === 0) return true;
    if (!this.#writer.add(data.subarray(0, n))) return true;
    this.#input.pause(async () => {
      await this.#writer.whenReady();
      if (!this.#streaming) this.#reply(ACK);
    });
    return false;
  }

  async #openXmodemFile(): Promise<void> {
    const info = this.#protocol.file!;
    const answer = await this.#target.open(info);
    if (this.#phase === PH_ENDED) return;
    if (answer === "skip") {
      this.#abort("the file target declined the file", true);
      return;
    }
    if (!this.#begin(info, answer.resumeAt, false)) return;
    this.#last = -1;
    this.#sendStart();
  }

  async #openFile(info: ZmodemFileInfo): Promise<void> {
    const answer = await this.#target.open(info);
    if (this.#phase !== PH_HEADER) return;
    if (!this.#begin(info, answer === "skip" ? 0 : answer.resumeAt, answer === "skip")) return;
    this.#last = 0; // a resent header is a duplicate now
    this.#reply(ACK);
    this.#sendStart();
  }

  /** Opens the session's file; false when the target's answer ended the transfer. */
  #begin(info: ZmodemFileInfo, resumeAt: number, skip: boolean): boolean {
    const name = safeFileName(info.name);
    const outcome: FileOutcome = { name, status: skip ? "skipped" : "failed", from: 0, to: 0 };
    this.#outcomes.push(outcome);
    this.#file = { outcome, size: info.size, skip, received: 0 };
    this.#phase = PH_DATA;
    this.#expect = 1;
    this.#errors = 0;
    this.#writer.begin(0);
    if (resumeAt === 0) return true;
    this.#abort(
      `the file target asked to resume "${name}" at ${resumeAt}`,
      true,
      new RangeError(
        `FileTarget.open must answer resumeAt 0: ${this.#protocol.label} cannot resume`,
      ),
    );
    return false;
  }

  async #closeFile(): Promise<void> {
    await this.#writer.close();
    const file = this.#file;
    if (this.#phase === PH_ENDED || !file) return;
    if (!file.skip) {
      await this.#target.finish(true);
      file.outcome.status = "done";
    }
    this.#file = undefined;
    this.#reply(ACK);
    if (!this.#protocol.batch) {
      this.#end();
      return;
    }
    this.#phase = PH_HEADER;
    this.#expect = 0;
    this.#last = -1;
    this.#sendStart();
  }

  /**
   * Arms the one timer for what is awaited now: the rest of a block or a quiet line (reset by
   * every chunk), else the next block (reset only by progress, so noise buys no time).
   */
  #rearm(): void {
    if (this.#phase === PH_ENDED || this.#input.busy || !this.#started) {
      this.#cancelTimer?.();
      this.#cancelTimer = undefined;
      return;
    }
    const quick = this.#purging || this.#reader.partial;
    if (!quick && !this.#heard && !this.#timerQuick && this.#cancelTimer) return;
    this.#cancelTimer?.();
    this.#timerQuick = quick;
    this.#heard = false;
    const ms = quick
      ? CHAR_TIMEOUT_MS
      : this.#awaitingFirst && this.#protocol.crcFallback && this.#start === WANT_CRC
      ? CRC_WAIT_MS
      : this.#timeoutMs;
    this.#cancelTimer = this.#timers.schedule(() => this.#onTimer(), ms);
  }

  #onTimer(): void {
    this.#cancelTimer = undefined;
    if (this.#phase === PH_ENDED || this.#input.busy) return;
    if (this.#purging) {
      this.#purging = false;
      this.#askAgain();
    } else if (this.#reader.partial) {
      this.#reader.reset();
      if (this.#countError("a block stopped short")) this.#askAgain();
    } else if (++this.#timeouts > this.#retries) {
      this.#abort(
        this.#awaitingFirst ? "the sender never started" : "the sender stopped sending",
        true,
      );
    } else this.#askAgain();
    this.#rearm();
  }

  #askAgain(): void {
    if (this.#awaitingFirst) this.#sendStart();
    else if (!this.#streaming) this.#reply(NAK);
  }

  #end(): void {
    if (this.#phase === PH_ENDED) return;
    this.#halt();
    this.#done.resolve({ ok: true, files: this.#outcomes });
  }

  #halt(): void {
    this.#phase = PH_ENDED;
    this.#cancelGrace?.();
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#input.clear();
  }

  #abort(reason: string, notifyPeer: boolean, cause?: unknown): void {
    if (this.#phase === PH_ENDED) return;
    const file = this.#file;
    this.#halt();
    this.#outbox.discard();
    if (notifyPeer) {
      this.#outbox.out.bytes(CANCEL_SEQUENCE);
      this.#outbox.send();
    }
    const error = new CarrierError(
      "TRANSFER_ABORTED",
      `${this.#protocol.label} receive aborted: ${reason}`,
      cause === undefined ? {} : { cause },
    );
    const finish = async () => {
      try {
        await this.#writer.stop();
        if (file && !file.skip) await this.#target.finish(false);
      } catch {
        // The transfer already failed; the report carries the first reason.
      }
      this.#done.resolve({ ok: false, files: this.#outcomes, error });
    };
    void finish();
  }
}
