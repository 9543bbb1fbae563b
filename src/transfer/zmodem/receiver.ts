/**
 * The receiving side of ZMODEM (an upload, seen from the BBS): takes files from a sender,
 * checks every subpacket and writes the data in order to a {@linkcode FileTarget}.
 *
 * @module
 */

import { CarrierError } from "../../errors.ts";
import {
  CANCEL_SEQUENCE,
  CANFC32,
  CANFDX,
  CANOVIO,
  ESCCTL,
  frameName,
  MAX_POSITION,
  MAX_SUBPACKET,
  OVER,
  TESCCTL,
  ZABORT,
  ZACK,
  ZCOMMAND,
  ZCOMPL,
  ZCRCQ,
  ZCRCW,
  ZCRESUM,
  ZDATA,
  ZEOF,
  ZFERR,
  ZFILE,
  ZFIN,
  ZNAK,
  ZRINIT,
  ZRPOS,
  ZRQINIT,
  ZSINIT,
  ZSKIP,
} from "./constants.ts";
import { parseFileInfo, safeFileName, type ZmodemFileInfo } from "./file_info.ts";
import { flagsValue, writeHexHeader } from "./header.ts";
import {
  type FileOutcome,
  Outbox,
  systemTimers,
  type TransferReport,
  type ZmodemSink,
  type ZmodemTimers,
} from "./outbox.ts";
import { PausedInput } from "./paused_input.ts";
import { TargetWriter } from "./target_writer.ts";
import {
  EVENT_BAD_HEADER,
  EVENT_BAD_SUBPACKET,
  EVENT_CANCEL,
  EVENT_GARBAGE,
  EVENT_HEADER,
  EVENT_SUBPACKET,
  FrameReader,
} from "./reader.ts";

/**
 * Where received files go; the BBS implements it over its file areas (temp files, partial
 * uploads kept for resume). Calls come one at a time, each awaited before the next.
 */
export interface FileTarget {
  /**
   * A file is offered. Return "skip" to decline it (ZSKIP), or the offset to start at:
   * 0 for a new file, the length already held to resume a partial one (at most `info.size`).
   */
  open(info: ZmodemFileInfo): Promise<{ resumeAt: number } | "skip">;
  /** Stores `bytes` at `offset`; offsets only grow. `bytes` is borrowed until it settles. */
  write(bytes: Uint8Array, offset: number): Promise<void>;
  /**
   * The file ends: `ok` true after ZEOF with every byte written (publish it), false when the
   * transfer failed (keep the part for a resume, or drop it; never publish it).
   */
  finish(ok: boolean): Promise<void>;
}

/** Options for {@linkcode ZmodemReceiver}. */
export interface ZmodemReceiverOptions {
  /** Where frames go. */
  sink: ZmodemSink;
  /** Where files go. */
  target: FileTarget;
  /** Timer functions; default the runtime's. */
  timers?: ZmodemTimers;
  /** Silence from the sender before asking again (ZRINIT or ZRPOS). Default 10,000 ms. */
  timeoutMs?: number;
  /** Timeouts or errors in a row before the transfer is aborted. Default 10. */
  retries?: number;
  /** Ask the sender to escape every control byte (ESCCTL). Default false. */
  escapeControl?: boolean;
  /**
   * Receive buffer size announced in ZRINIT: 0 lets the sender stream nonstop; otherwise it
   * sends that many bytes and waits for a ZACK. Default 0.
   */
  bufferSize?: number;
  /** Longest data subpacket accepted; longer is an error (ZRPOS). Default 8192. */
  maxSubpacket?: number;
  /** Non-frame bytes tolerated before asking again. Default 1 MiB. */
  maxGarbage?: number;
  /** Called after each write to the target with the offset reached. */
  onProgress?: (offset: number) => void;
}

// Session states.
const ST_INIT = 0; // ZRINIT sent, waiting for ZFILE (or ZFIN)
const ST_FILE = 1; // a file is open, data expected at #pos
const ST_FIN = 2; // ZFIN sent, swallowing "OO"
const ST_ENDED = 3;

/** Input kept while the target is busy, at most; the buffer kept for the next wait. */
const MAX_STASH = 16 << 20;
const STASH_RETAIN = 1 << 20;
/** How long to wait for the sender's "OO" after our ZFIN. */
const FIN_WAIT_MS = 1000;

/**
 * Receives a batch of files from a ZMODEM sender (lrzsz `sz`, a terminal's upload) without
 * doing I/O itself: peer bytes come in through {@linkcode ZmodemReceiver.push}, frames go out
 * through the sink, file data goes to the {@linkcode FileTarget}.
 *
 * Data is buffered at most 64 KiB (plus one subpacket) ahead of the target: when the target is
 * slower, `push` returns a promise and the caller must await it before pushing more. Verified
 * bytes are written in order; a CRC error, a bad escape, an oversized subpacket or a ZDATA at
 * the wrong offset is answered with ZRPOS at the last good offset.
 *
 * @example
 * ```ts
 * const receiver = new ZmodemReceiver({ sink, target });
 * const done = receiver.start();
 * for (let n; (n = await conn.read(buf)) !== null;) await receiver.push(buf.subarray(0, n));
 * const report = await done;
 * ```
 */
export class ZmodemReceiver {
  readonly #target: FileTarget;
  readonly #timers: ZmodemTimers;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #options: ZmodemReceiverOptions;
  readonly #outbox: Outbox;
  readonly #reader: FrameReader;
  readonly #done = Promise.withResolvers<TransferReport>();
  readonly #outcomes: FileOutcome[] = [];
  #state = ST_INIT;
  #started = false;
  /** Header whose subpackets are being read: ZFILE, ZSINIT, ZDATA or ZCOMMAND. */
  #dataFor = -1;
  #fileFlags = 0;
  #sinitFlags = 0;
  #lastSent = { type: ZRINIT, value: 0 };
  #pos = 0;
  /** ZRPOS sent; waiting for a ZDATA at #pos. */
  #resync = false;
  #errors = 0;
  #overs = 0;
  #outcome: FileOutcome | undefined;
  // Timeouts: one timer, re-armed; "heard" is set by every good frame.
  #heard = false;
  #timeouts = 0;
  #cancelTimer: (() => void) | undefined;
  /** Input kept while the target is busy. */
  readonly #input: PausedInput;
  readonly #writer: TargetWriter;

  /** @param options sink, target and tuning. */
  constructor(options: ZmodemReceiverOptions) {
    this.#options = options;
    this.#target = options.target;
    this.#timers = options.timers ?? systemTimers;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retries = options.retries ?? 10;
    this.#reader = new FrameReader({
      maxSubpacket: Math.min(options.maxSubpacket ?? MAX_SUBPACKET, MAX_SUBPACKET),
      ...(options.maxGarbage === undefined ? {} : { maxGarbage: options.maxGarbage }),
      escapeControl: options.escapeControl ?? false,
    });
    this.#writer = new TargetWriter(options.target, MAX_SUBPACKET, {
      failed: (error) => this.#abort(`the file target failed: ${String(error)}`, true, error),
      wrote: (offset) => {
        if (this.#outcome) this.#outcome.to = offset;
        options.onProgress?.(offset);
      },
    });
    this.#outbox = new Outbox(options.sink, (error) => {
      this.#abort(`the connection failed: ${String(error)}`, false, error);
    });
    this.#input = new PausedInput({
      consume: (input, at) => this.#consume(input, at),
      live: () => this.#state !== ST_ENDED,
      workFailed: (error) => this.#abort(`the file target failed: ${String(error)}`, true, error),
      overflow: () => this.#abort("input arrived faster than push() promises were awaited", true),
    }, { maxStash: MAX_STASH, retain: STASH_RETAIN });
  }

  /** Sends ZRINIT and waits for files; the promise settles when the session ends, never rejects. */
  start(): Promise<TransferReport> {
    if (!this.#started && this.#state !== ST_ENDED) {
      this.#started = true;
      this.#sendZrinit();
      this.#arm();
    }
    return this.#done.promise;
  }

  /**
   * Feeds bytes from the sender. `bytes` is borrowed: read (or copied) during the call. When
   * the target is busy, returns a promise; await it before the next `push`. Never throws and
   * never rejects; bad input is answered, skipped or ends the transfer with a reason.
   */
  push(bytes: Uint8Array): Promise<void> | undefined {
    return this.#input.push(bytes);
  }

  /** Aborts the transfer and tells the sender with the cancel sequence (CAN×8, BS×10). */
  cancel(reason = "cancelled by the BBS"): void {
    this.#abort(reason, true);
  }

  /** Ends the transfer without sending anything (the connection is gone). */
  hangUp(reason = "the caller hung up"): void {
    this.#abort(reason, false);
  }

  #consume(input: Uint8Array, at: number): number {
    const reader = this.#reader;
    while (at < input.length && !this.#input.paused && this.#state !== ST_ENDED) {
      let bytes = input;
      if (this.#state === ST_FIN) {
        // After our ZFIN (§8.3) the sender says "OO"; a repeated ZFIN may come before it.
        if (input[at] === OVER) {
          at++;
          if (++this.#overs === 2) this.#end();
          continue;
        }
        const over = input.indexOf(OVER, at);
        if (over > 0) bytes = input.subarray(0, over);
      }
      const event = reader.read(bytes, at);
      at = reader.consumed;
      if (event === EVENT_SUBPACKET) this.#onSubpacket(reader.data, reader.frameEnd);
      else if (event === EVENT_HEADER) this.#onHeader(reader.type, reader.value);
      else if (event === EVENT_CANCEL) this.#abort("the sender cancelled (CAN×5)", false);
      else if (event !== 0) this.#onError(event, reader.problem);
    }
    return at;
  }

  #send(type: number, value: number): void {
    this.#lastSent = { type, value };
    writeHexHeader(this.#outbox.out, type, value);
    this.#outbox.send();
  }

  // ZRINIT (§11.2): hex; ZF0 = CANFDX|CANOVIO|CANFC32 [|ESCCTL]; ZP0/ZP1 = buffer size.
  #sendZrinit(): void {
    const flags = CANFDX | CANOVIO | CANFC32 | (this.#options.escapeControl ? ESCCTL : 0);
    this.#send(ZRINIT, (flagsValue(flags) | ((this.#options.bufferSize ?? 0) & 0xffff)) >>> 0);
  }

  // ZRPOS (§11.10): hex; P0..P3 = the offset to resume at. Everything until a header is dropped.
  #sendZrpos(): void {
    this.#send(ZRPOS, this.#pos);
    this.#resync = true;
    this.#reader.hunt();
  }

  #onHeader(type: number, value: number): void {
    this.#heard = true;
    switch (type) {
      case ZRQINIT:
        if (this.#state === ST_INIT) this.#sendZrinit();
        return;
      case ZSINIT:
      case ZFILE:
      case ZCOMMAND:
        if (this.#state === ST_FIN) return;
        this.#dataFor = type;
        if (type === ZSINIT) this.#sinitFlags = value >>> 24;
        if (type === ZFILE) this.#fileFlags = value;
        this.#reader.beginData();
        return;
      case ZDATA:
        // ZDATA (§11.11): P0..P3 = offset of the first data byte that follows.
        if (this.#state !== ST_FILE) return;
        if (value === this.#pos) {
          this.#resync = false;
          this.#dataFor = ZDATA;
          this.#reader.beginData();
        } else if (!this.#resync || value > this.#pos) {
          this.#countError(`ZDATA at ${value}, expected ${this.#pos}`);
        }
        return;
      case ZEOF:
        // ZEOF (§11.12): P0..P3 = file length. One at another offset is stale; ignore it.
        if (this.#state === ST_FILE && value === this.#pos) {
          this.#input.pause(() => this.#closeFile());
        }
        return;
      case ZFIN:
        // ZFIN (§11.9): answer ZFIN; the sender then sends "OO".
        if (this.#state === ST_FILE) {
          this.#abort("the sender ended the session in the middle of a file", false);
          return;
        }
        this.#send(ZFIN, 0);
        if (this.#state !== ST_FIN) {
          // "OO" follows at once from a well-behaved sender; do not wait a full timeout.
          this.#state = ST_FIN;
          this.#cancelTimer?.();
          this.#cancelTimer = this.#timers.schedule(() => this.#end(), FIN_WAIT_MS);
        }
        return;
      case ZNAK:
        this.#send(this.#lastSent.type, this.#lastSent.value);
        return;
      case ZABORT:
      case ZFERR:
        this.#abort(`the sender sent ${frameName(type)}`, false);
        return;
    }
  }

  #onSubpacket(data: Uint8Array, frameEnd: number): void {
    this.#heard = true;
    switch (this.#dataFor) {
      case ZDATA: {
        if (this.#state !== ST_FILE || this.#resync) return;
        if (this.#pos + data.length > MAX_POSITION) {
          this.#abort("the file passed 4 GiB, the end of ZMODEM offsets", true);
          return;
        }
        this.#pos += data.length;
        this.#errors = 0;
        if (this.#writer.add(data)) this.#input.pause(() => this.#writer.whenReady());
        // ZCRCQ and ZCRCW ask for a ZACK with the offset reached (§7.4).
        if (frameEnd === ZCRCQ || frameEnd === ZCRCW) this.#send(ZACK, this.#pos);
        return;
      }
      case ZFILE:
        // ZFILE (§11.5): the one subpacket must end ZCRCW; otherwise ask again with ZNAK.
        if (frameEnd !== ZCRCW) {
          this.#send(ZNAK, 0);
          return;
        }
        if (this.#state === ST_FILE) {
          this.#sendZrpos(); // our ZRPOS was lost; the file is already open
          return;
        }
        if (this.#state === ST_INIT) {
          const info = parseFileInfo(data, (this.#fileFlags >>> 24) === ZCRESUM);
          this.#input.pause(() => this.#openFile(info));
        }
        return;
      case ZSINIT:
        // ZSINIT (§11.3): ZF0 TESCCTL; the subpacket holds the attention string (not used).
        if (this.#sinitFlags & TESCCTL) this.#reader.setEscapeControl(true);
        this.#send(ZACK, 1);
        return;
      case ZCOMMAND:
        // Remote commands are never run; ZCOMPL says "done" so the sender moves on (§11.16).
        this.#send(ZCOMPL, 0);
        return;
    }
  }

  #onError(event: number, problem: string): void {
    if (this.#state === ST_FILE) {
      if (event === EVENT_BAD_HEADER && this.#resync) {
        this.#bump(problem);
        return;
      }
      this.#countError(problem);
    } else if (this.#state === ST_INIT) {
      this.#bump(problem);
      if (event === EVENT_BAD_SUBPACKET) this.#send(ZNAK, 0);
      else if (event === EVENT_GARBAGE) this.#sendZrinit();
    } else if (event === EVENT_GARBAGE) this.#bump(problem);
  }

  #countError(problem: string): void {
    if (this.#bump(problem)) this.#sendZrpos();
  }

  /** Counts an error; aborts and returns false past the limit. */
  #bump(problem: string): boolean {
    if (++this.#errors <= this.#retries) return true;
    this.#abort(`too many errors (last: ${problem})`, true);
    return false;
  }

  async #openFile(info: ZmodemFileInfo): Promise<void> {
    const name = safeFileName(info.name);
    const answer = await this.#target.open(info);
    if (this.#state !== ST_INIT) return;
    const outcome: FileOutcome = { name, status: "skipped", from: 0, to: 0 };
    this.#outcomes.push(outcome);
    if (answer === "skip") {
      this.#send(ZSKIP, 0);
      return;
    }
    const at = answer.resumeAt;
    if (!Number.isInteger(at) || at < 0 || at > Math.min(info.size ?? MAX_POSITION, MAX_POSITION)) {
      throw new RangeError(`FileTarget.open returned resumeAt ${at} for "${name}"`);
    }
    outcome.status = "failed";
    outcome.from = outcome.to = at;
    this.#outcome = outcome;
    this.#state = ST_FILE;
    this.#pos = at;
    this.#writer.begin(at);
    this.#errors = 0;
    this.#sendZrpos();
  }

  async #closeFile(): Promise<void> {
    await this.#writer.close();
    if (this.#state !== ST_FILE) return;
    await this.#target.finish(true);
    if (this.#outcome) this.#outcome.status = "done";
    this.#outcome = undefined;
    this.#state = ST_INIT;
    this.#errors = 0;
    this.#sendZrinit();
  }

  #arm(): void {
    this.#cancelTimer = this.#timers.schedule(() => this.#onTimeout(), this.#timeoutMs);
  }

  #onTimeout(): void {
    this.#cancelTimer = undefined;
    if (this.#state === ST_ENDED) return;
    if (this.#heard || this.#input.busy) {
      this.#heard = false;
      this.#timeouts = 0;
    } else if (++this.#timeouts > this.#retries) {
      this.#abort(
        this.#state === ST_INIT ? "the sender offered no file" : "the sender stopped sending",
        true,
      );
      return;
    } else if (this.#state === ST_INIT) this.#sendZrinit();
    else this.#sendZrpos();
    this.#arm();
  }

  #end(): void {
    if (this.#state === ST_ENDED) return;
    this.#stop();
    this.#done.resolve({ ok: true, files: this.#outcomes });
  }

  #stop(): void {
    this.#state = ST_ENDED;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#input.clear();
  }

  #abort(reason: string, notifyPeer: boolean, cause?: unknown): void {
    if (this.#state === ST_ENDED) return;
    const fileOpen = this.#outcome !== undefined;
    this.#stop();
    this.#outbox.discard();
    if (notifyPeer) {
      this.#outbox.out.bytes(CANCEL_SEQUENCE);
      this.#outbox.send();
    }
    const error = new CarrierError(
      "TRANSFER_ABORTED",
      `ZMODEM receive aborted: ${reason}`,
      cause === undefined ? {} : { cause },
    );
    const finish = async () => {
      try {
        await this.#writer.stop();
        if (fileOpen) await this.#target.finish(false);
      } catch {
        // The transfer already failed; the report carries the first reason.
      }
      this.#done.resolve({ ok: false, files: this.#outcomes, error });
    };
    void finish();
  }
}
