/**
 * The sending half shared by {@linkcode XmodemSender} and {@linkcode YmodemSender}: waits for
 * the receiver's start byte, sends blocks and waits for each ACK (stop-and-wait), resends on
 * NAK or silence, ends each file with EOT.
 *
 * @module
 */

import { ByteWriter } from "../../bytes/mod.ts";
import { CarrierError } from "../../errors.ts";
import { writeFileInfo } from "../zmodem/file_info.ts";
import type {
  FileOutcome,
  FileSource,
  TransferReport,
  ZmodemSink,
  ZmodemTimers,
} from "../zmodem/mod.ts";
import { systemTimers } from "../zmodem/mod.ts";
import { Outbox } from "../zmodem/outbox.ts";
import { readFully, sendCancel, TransferStop } from "../zmodem/stop.ts";
import { writeBlock } from "./block.ts";
import {
  ACK,
  CAN,
  CHAR_TIMEOUT_MS,
  EOT,
  LONG_BLOCK,
  NAK,
  RETRIES,
  SHORT_BLOCK,
  SUB,
  TIMEOUT_MS,
  WANT_CRC,
  WANT_G,
} from "./constants.ts";

/** Options every sender takes. */
export interface BlockSenderOptions {
  /** Where blocks go. */
  sink: ZmodemSink;
  /** Timer functions; default the runtime's. */
  timers?: ZmodemTimers;
  /** How long to wait for the receiver's answer to a block. Default 10,000 ms. */
  timeoutMs?: number;
  /** NAKs or timeouts in a row before the transfer is aborted. Default 10. */
  retries?: number;
  /** Called after each block is acknowledged (YMODEM-g: sent) with the bytes sent so far. */
  onProgress?: (file: FileSource, offset: number) => void;
}

/** Which start bytes a sender answers. */
export interface StartBytes {
  /** 'C': CRC-16 blocks. */
  crc: boolean;
  /** NAK: checksum blocks, 128 bytes. */
  checksum: boolean;
  /** 'G': YMODEM-g streaming. */
  streaming: boolean;
}

const READ_SIZE = 64 * 1024;
/** Output queued before a streaming (YMODEM-g) sender waits for the sink. */
const BATCH_BYTES = 32 * 1024;
/** Replies kept unread; a receiver has nothing to say beyond the last few. */
const MAX_QUEUED = 64;
/** At most this much of a 1k sender's last data goes in 128-byte blocks (as lrzsz does), so
 * the padding an XMODEM receiver keeps is under 128 bytes. */
const SHORT_TAIL = LONG_BLOCK - SHORT_BLOCK;

/** Throws RangeError for a file whose size is not a byte count (misuse, not peer input). */
export function checkSize(file: FileSource): void {
  if (!(Number.isSafeInteger(file.size) && file.size >= 0)) {
    throw new RangeError(`Cannot send "${file.name}": size ${file.size} is not a byte count`);
  }
}

/** The stop-and-wait block pump both protocols' senders drive. */
export class BlockSender {
  readonly #label: string;
  /** Files in the order sent, with how far each got. */
  readonly #outcomes: FileOutcome[] = [];
  readonly #options: BlockSenderOptions;
  readonly #timers: ZmodemTimers;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #outbox: Outbox;
  readonly #readBuf = new Uint8Array(READ_SIZE);
  readonly #info = new ByteWriter(LONG_BLOCK);
  readonly #stopped = Promise.withResolvers<void>();
  readonly #replies = new Uint8Array(MAX_QUEUED);
  #head = 0;
  #queued = 0;
  #lastCan = false;
  #wake: (() => void) | undefined;
  #expired = false;
  #cancelTimer: (() => void) | undefined;
  #cancelGrace: (() => void) | undefined;
  #stop: TransferStop | undefined;
  #crc = false;
  #streaming = false;
  /** The next block is the first since a start byte, so a repeated start byte means NAK. */
  #first = false;

  /**
   * @param label protocol name for reasons ("XMODEM").
   * @param options sink and tuning.
   */
  constructor(label: string, options: BlockSenderOptions) {
    this.#label = label;
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    this.#retries = options.retries ?? RETRIES;
    this.#outbox = new Outbox(options.sink, (error) => {
      // The peer's last words (CAN CAN) may still be on their way in: give them, or the
      // caller's hangUp(), a moment to tell the real story.
      this.#cancelGrace = this.#timers.schedule(() => {
        this.#halt(new TransferStop(`the connection failed: ${String(error)}`, false, error));
      }, CHAR_TIMEOUT_MS);
    });
  }

  /** Keeps the receiver's ACK, NAK, 'C' and 'G'; CAN CAN stops the transfer. Never throws. */
  push(bytes: Uint8Array): void {
    if (this.#stop) return;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === CAN) {
        if (this.#lastCan) {
          this.#halt(new TransferStop("the receiver cancelled (CAN CAN)", false));
          return;
        }
        this.#lastCan = true;
        continue;
      }
      this.#lastCan = false;
      if (b !== ACK && b !== NAK && b !== WANT_CRC && b !== WANT_G) continue;
      if (this.#queued === MAX_QUEUED) this.#take();
      this.#replies[(this.#head + this.#queued++) % MAX_QUEUED] = b;
    }
    if (this.#queued > 0) this.#wake?.();
  }

  /** Stops the transfer; with `notifyPeer`, tells the receiver (CAN×8, BS×10). */
  stop(reason: string, notifyPeer: boolean): void {
    this.#halt(new TransferStop(reason, notifyPeer));
  }

  /** Runs `body`, then reports; the promise never rejects. */
  async run(body: () => Promise<void>): Promise<TransferReport> {
    try {
      await body();
      // Done: whatever is still queued goes out unless the connection is gone already.
      await Promise.race([this.#outbox.drain(), this.#stopped.promise]);
      return { ok: true, files: this.#outcomes };
    } catch (error) {
      const stop = error instanceof TransferStop
        ? error
        : new TransferStop(String(error), true, error);
      if (stop.notifyPeer) await sendCancel(this.#outbox, this.#timers, this.#timeoutMs);
      return {
        ok: false,
        files: this.#outcomes,
        error: new CarrierError(
          "TRANSFER_ABORTED",
          `${this.#label} send aborted: ${stop.reason}`,
          stop.cause === undefined ? {} : { cause: stop.cause },
        ),
      };
    } finally {
      this.#stop ??= new TransferStop("finished", false);
      this.#cancelGrace?.();
      this.#disarm();
      this.#wake = undefined;
    }
  }

  /**
   * Waits for the receiver to ask for the first block (§7.3.2: it repeats its start byte every
   * 10 s): 'C' means CRC-16, NAK the checksum, 'G' YMODEM-g. Other bytes are ignored.
   */
  async awaitStart(accept: StartBytes): Promise<void> {
    // A YMODEM-g header may still sit in the batch; the receiver answers only once it has it.
    await this.#until(this.#outbox.drain());
    for (let silent = 0;;) {
      this.#arm();
      const reply = await this.#next();
      if (reply === undefined) {
        if (++silent > this.#retries) {
          throw new TransferStop("the receiver never asked to start", true);
        }
        continue;
      }
      if (reply === WANT_CRC && accept.crc || reply === WANT_G && accept.streaming) {
        this.#crc = true;
        this.#streaming = reply === WANT_G;
        break;
      }
      if (reply === NAK && accept.checksum) {
        this.#crc = this.#streaming = false;
        break;
      }
    }
    this.#first = true;
  }

  /**
   * YMODEM block 0 (§5): "name NUL size mtime mode serial filesLeft bytesLeft NUL", NUL-padded
   * to 128 bytes, or 1024 if it does not fit; no file at all (a null name) ends the batch.
   */
  async sendHeader(
    file: FileSource | undefined,
    batch: { filesLeft: number; bytesLeft: number },
  ): Promise<void> {
    const info = this.#info.clear();
    if (file) writeFileInfo(info, file, batch);
    if (info.length > LONG_BLOCK) {
      throw new TransferStop(
        `the name "${file?.name}" does not fit in a YMODEM header block`,
        true,
      );
    }
    await this.#sendBlock(0, info.view(), info.length <= SHORT_BLOCK ? SHORT_BLOCK : LONG_BLOCK, 0);
  }

  /**
   * Sends `file` as blocks 1, 2, … (wrapping at 256), the last padded with SUB, then EOT until
   * it is acknowledged. 1k blocks need CRC-16; with checksums every block is 128 bytes.
   */
  async sendFile(file: FileSource, blockSize: 128 | 1024): Promise<void> {
    const outcome: FileOutcome = { name: file.name, status: "failed", from: 0, to: 0 };
    this.#outcomes.push(outcome);
    let size = file.size;
    let offset = 0;
    let number = 1;
    let readFrom = 0;
    let readLen = 0;
    while (offset < size) {
      const left = size - offset;
      const blk = blockSize === LONG_BLOCK && this.#crc && left > SHORT_TAIL
        ? LONG_BLOCK
        : SHORT_BLOCK;
      let len = Math.min(blk, left);
      if (offset + len > readFrom + readLen) {
        readFrom = offset;
        readLen = await this.#readFully(file, offset, Math.min(READ_SIZE, left));
        if (readLen < len) {
          // The file shrank since it was offered: end it where the data ends.
          size = offset + readLen;
          len = readLen;
          if (len === 0) break;
        }
      }
      const at = offset - readFrom;
      await this.#sendBlock(number, this.#readBuf.subarray(at, at + len), blk, SUB);
      number = (number + 1) & 0xff;
      offset += len;
      outcome.to = offset;
      this.#options.onProgress?.(file, offset);
    }
    await this.#sendEot();
    outcome.status = "done";
  }

  // One block, `SOH|STX blk ~blk data[128|1024] cksum|crc_hi crc_lo` (block.ts), then
  // ACK → the next; NAK or silence → this one again (§7.3.3); YMODEM-g: no wait at all (§6).
  async #sendBlock(number: number, data: Uint8Array, size: 128 | 1024, pad: number) {
    const outbox = this.#outbox;
    for (let tries = 0;; tries++) {
      this.#check();
      if (tries > this.#retries) {
        throw new TransferStop(`block ${number} was not acknowledged after ${tries} tries`, true);
      }
      // Whatever came before this block cannot be an answer to it.
      this.#clearReplies();
      writeBlock(outbox.out, number, data, { size, crc: this.#crc, pad });
      if (this.#streaming) {
        // YMODEM-g (§6): no ACK per block; the sink's own pace is the only brake.
        if (outbox.out.length >= BATCH_BYTES) {
          const free = outbox.whenFree();
          if (free) await this.#until(free);
          outbox.send();
        }
        this.#first = false;
        return;
      }
      await this.#until(outbox.drain());
      if (await this.#awaitAck()) {
        this.#first = false;
        return;
      }
    }
  }

  /** True on ACK; false on NAK, on silence, or on a repeated start byte for the first block. */
  async #awaitAck(): Promise<boolean> {
    this.#arm();
    for (;;) {
      const reply = await this.#next();
      if (reply === ACK) return true;
      if (reply === undefined || reply === NAK) return false;
      // §8.2.2: the receiver repeats 'C' when the first block went astray.
      if (this.#first) return false;
    }
  }

  // EOT → ACK (NAK first from a YMODEM receiver, §5 Figure 3; silence: EOT again).
  async #sendEot(): Promise<void> {
    await this.#until(this.#outbox.drain());
    for (let tries = 0;; tries++) {
      if (tries > this.#retries) {
        throw new TransferStop("the receiver did not acknowledge EOT", true);
      }
      this.#clearReplies();
      this.#outbox.out.byte(EOT);
      await this.#until(this.#outbox.drain());
      this.#arm();
      for (;;) {
        const reply = await this.#next();
        if (reply === ACK) return;
        if (reply === undefined || reply === NAK) break;
      }
    }
  }

  /** Reads up to `want` bytes of `file` at `offset` into the read buffer; a stop cuts it short. */
  #readFully(file: FileSource, offset: number, want: number): Promise<number> {
    return readFully(file, offset, this.#readBuf.subarray(0, want), (p) => this.#until(p));
  }

  #halt(stop: TransferStop): void {
    this.#stop ??= stop;
    this.#wake?.();
    this.#stopped.resolve();
  }

  #check(): void {
    if (this.#stop) throw this.#stop;
  }

  /** Awaits `promise` unless the transfer stops first; then throws the stop. */
  async #until<T>(promise: Promise<T>): Promise<T> {
    const result = await Promise.race([promise, this.#stopped.promise]);
    this.#check();
    return result as T;
  }

  #take(): number | undefined {
    if (this.#queued === 0) return undefined;
    const reply = this.#replies[this.#head]!;
    this.#head = (this.#head + 1) % MAX_QUEUED;
    this.#queued--;
    return reply;
  }

  #clearReplies(): void {
    this.#head = this.#queued = 0;
  }

  /** Starts a `timeoutMs` deadline for the waits that follow. */
  #arm(): void {
    this.#disarm();
    this.#expired = false;
    this.#cancelTimer = this.#timers.schedule(() => {
      this.#cancelTimer = undefined;
      this.#expired = true;
      this.#wake?.();
    }, this.#timeoutMs);
  }

  #disarm(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  /** The next reply byte, or undefined once the deadline set by `#arm` has passed. */
  async #next(): Promise<number | undefined> {
    for (;;) {
      // A reply that arrived before a hang-up still counts (lrzsz ACKs EOT and exits).
      const reply = this.#take();
      if (reply !== undefined) return reply;
      this.#check();
      if (this.#expired) return undefined;
      await new Promise<void>((resolve) => this.#wake = resolve);
      this.#wake = undefined;
    }
  }
}
