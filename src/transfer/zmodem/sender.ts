/**
 * The sending side of ZMODEM (a download, seen from the BBS): offers files, streams their
 * data and recovers from the receiver's ZRPOS.
 *
 * @module
 */

import { ByteWriter } from "../../bytes/mod.ts";
import { CarrierError } from "../../errors.ts";
import {
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
  ZCBIN,
  ZCHALLENGE,
  ZCRC,
  ZCRCE,
  ZCRCG,
  ZCRCQ,
  ZCRCW,
  ZCRESUM,
  ZDATA,
  ZEOF,
  ZFERR,
  ZFILE,
  ZFIN,
  ZMCLOB,
  ZNAK,
  ZRINIT,
  ZRPOS,
  ZRQINIT,
  ZSINIT,
  ZSKIP,
} from "./constants.ts";
import { crc32 } from "./crc.ts";
import { writeFileInfo } from "./file_info.ts";
import { flagsValue, writeBinaryHeader, writeHexHeader } from "./header.ts";
import {
  type FileOutcome,
  Outbox,
  systemTimers,
  type TransferReport,
  type ZmodemSink,
  type ZmodemTimers,
} from "./outbox.ts";
import { EVENT_CANCEL, EVENT_GARBAGE, EVENT_HEADER, FrameReader } from "./reader.ts";
import { type Reply, ReplyQueue } from "./reply_queue.ts";
import { readFully, sendCancel, TransferStop } from "./stop.ts";
import { writeSubpacket } from "./subpacket.ts";
import { ZdleEncoder } from "./zdle.ts";

/** A file the BBS offers for download; the sender reads it in order, seeking back on ZRPOS. */
export interface FileSource {
  /** Name sent to the receiver (no path; the receiver sanitises it anyway). */
  name: string;
  /** Length in bytes; at most 4 GiB − 1 (ZMODEM offsets are 32-bit). */
  size: number;
  /** Modification time sent to the receiver. */
  mtime?: Date;
  /** Unix mode bits sent to the receiver; default 0o100644. */
  mode?: number;
  /**
   * Reads up to `into.length` bytes at `offset` into `into`; returns how many (0 at end of
   * file). `into` is the sender's buffer, borrowed until the promise settles.
   */
  read(offset: number, into: Uint8Array): Promise<number>;
}

/** Options for {@linkcode ZmodemSender}. */
export interface ZmodemSenderOptions {
  /** Where frames go. */
  sink: ZmodemSink;
  /** Files to send, in order. */
  files: readonly FileSource[];
  /** Timer functions; default the runtime's. */
  timers?: ZmodemTimers;
  /** How long to wait for the receiver's answer before asking again. Default 10,000 ms. */
  timeoutMs?: number;
  /** Timeouts or errors in a row before the transfer is aborted. Default 10. */
  retries?: number;
  /** Escape every control byte, and ask the receiver to do so (ZSINIT). Default false. */
  escapeControl?: boolean;
  /**
   * Send 0xFF as ZDLE ZRUB1 so the stream holds no telnet IAC, sparing the telnet layer from
   * doubling (and the caller's client from undoubling) every 0xFF. Costs one byte per 0xFF.
   * Default false.
   */
  escapeIac?: boolean;
  /**
   * Bytes the sender may run ahead of the receiver's last ZACK while streaming; a ZCRCQ every
   * quarter window asks for one (§9.3, full streaming with sliding window). It bounds what a
   * receiver must skip after an error (lrzsz's rz gives up after skipping about 20 × 40 KB)
   * and caps throughput at window ÷ round trip (256 KiB at 50 ms: 5 MB/s). 0 turns it off.
   * Default 256 KiB.
   */
  window?: number;
  /** Largest data subpacket; halved after errors, regrown after good runs. Default 8192. */
  maxSubpacket?: number;
  /** Ask the receiver to resume partial files it holds (ZCRESUM). Default false. */
  resume?: boolean;
  /** Ask the receiver to replace existing files (ZMCLOB). Default false. */
  overwrite?: boolean;
  /** Send "rz\r" before ZRQINIT so a shell on the other end starts rz, as sz does. Default true. */
  announce?: boolean;
  /** Called as data goes out: the file and the offset sent so far. */
  onProgress?: (file: FileSource, offset: number) => void;
}

const MIN_SUBPACKET = 64;
const EMPTY = new Uint8Array(0);
const READ_SIZE = 64 * 1024;
const BATCH_BYTES = 32 * 1024;
/** Bytes sent after going back during which a repeated ZRPOS for the same offset is ignored. */
const RESYNC_WINDOW = 256 * 1024;
/** Subpackets sent without a ZRPOS before the subpacket size doubles again. */
const REGROW_AFTER = 64;

/**
 * Sends a batch of files to a ZMODEM receiver (lrzsz `rz`, a terminal's download) without
 * doing I/O itself: peer bytes come in through {@linkcode ZmodemSender.push}, frames go out
 * through the sink, file data comes from each {@linkcode FileSource}.
 *
 * Streams ZCRCG subpackets when the receiver allows full streaming (CANFDX|CANOVIO, buffer
 * size 0); otherwise ends each buffer-sized segment with ZCRCW and waits for ZACK. Uses
 * CRC-32 when the receiver says CANFC32. At most two output batches of ~32 KiB and one 64 KiB
 * read buffer exist at a time, whatever the file size.
 *
 * @example
 * ```ts
 * const sender = new ZmodemSender({ sink: { write: (b) => conn.write(b).then(() => {}) }, files });
 * const done = sender.start();
 * for (let n; (n = await conn.read(buf)) !== null;) sender.push(buf.subarray(0, n));
 * const report = await done;
 * ```
 */
export class ZmodemSender {
  readonly #files: readonly FileSource[];
  readonly #timers: ZmodemTimers;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #options: ZmodemSenderOptions;
  readonly #outbox: Outbox;
  readonly #encoder: ZdleEncoder;
  readonly #reader = new FrameReader({ maxSubpacket: 1024 });
  readonly #readBuf = new Uint8Array(READ_SIZE);
  readonly #info = new ByteWriter(256);
  readonly #outcomes: FileOutcome[] = [];
  readonly #replies: ReplyQueue;
  #done: Promise<TransferReport> | undefined;
  #garbageEvents = 0;
  #crc32 = false;
  #segment = 0;
  #window = 0;
  #blk: number;
  readonly #maxBlk: number;

  /** @param options sink, files and tuning. */
  constructor(options: ZmodemSenderOptions) {
    this.#options = options;
    this.#files = options.files;
    this.#timers = options.timers ?? systemTimers;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retries = options.retries ?? 10;
    this.#maxBlk = Math.max(MIN_SUBPACKET, Math.min(options.maxSubpacket ?? 8192, MAX_SUBPACKET));
    this.#blk = this.#maxBlk;
    this.#replies = new ReplyQueue(this.#timers, this.#timeoutMs);
    this.#encoder = new ZdleEncoder(this.#escapes(false));
    this.#outbox = new Outbox(options.sink, (error) => {
      this.#replies.stop(new TransferStop(`the connection failed: ${String(error)}`, false));
    });
  }

  /** Starts the session (ZRQINIT); the promise settles when it ends, and never rejects. */
  start(): Promise<TransferReport> {
    this.#done ??= this.#run();
    return this.#done;
  }

  /**
   * Feeds bytes from the receiver. `bytes` is borrowed: read during the call, not kept.
   * Never throws; bad input is counted, skipped or ends the transfer with a reason.
   */
  push(bytes: Uint8Array): void {
    if (this.#replies.stopped) return;
    const reader = this.#reader;
    let at = 0;
    while (at < bytes.length) {
      const event = reader.read(bytes, at);
      at = reader.consumed;
      if (event === EVENT_HEADER) this.#replies.post(reader.type, reader.value);
      else if (event === EVENT_CANCEL) {
        this.#replies.stop(new TransferStop("the receiver cancelled (CAN×5)", false));
        return;
      } else if (event === EVENT_GARBAGE && ++this.#garbageEvents > this.#retries) {
        this.#replies.stop(new TransferStop("the receiver sent only garbage", true));
        return;
      }
    }
  }

  /** Aborts the transfer and tells the receiver with the cancel sequence (CAN×8, BS×10). */
  cancel(reason = "cancelled by the BBS"): void {
    this.#replies.stop(new TransferStop(reason, true));
  }

  /** Ends the transfer without sending anything (the connection is gone). */
  hangUp(reason = "the caller hung up"): void {
    this.#replies.stop(new TransferStop(reason, false));
  }

  #escapes(escapeControl: boolean) {
    return {
      escapeControl: escapeControl || (this.#options.escapeControl ?? false),
      escapeIac: this.#options.escapeIac ?? false,
    };
  }

  async #run(): Promise<TransferReport> {
    try {
      await this.#handshake();
      let bytesLeft = this.#files.reduce((sum, f) => sum + f.size, 0);
      for (let i = 0; i < this.#files.length; i++) {
        const file = this.#files[i]!;
        await this.#sendFile(file, { filesLeft: this.#files.length - i, bytesLeft });
        bytesLeft -= file.size;
      }
      await this.#finish();
      return { ok: true, files: this.#outcomes };
    } catch (error) {
      const stop = error instanceof TransferStop ? error : new TransferStop(String(error), true);
      if (stop.notifyPeer) await sendCancel(this.#outbox, this.#timers, this.#timeoutMs);
      return {
        ok: false,
        files: this.#outcomes,
        error: new CarrierError(
          "TRANSFER_ABORTED",
          `ZMODEM send aborted: ${stop.reason}`,
          error instanceof TransferStop ? {} : { cause: error },
        ),
      };
    } finally {
      this.#replies.stop(new TransferStop("finished", false));
    }
  }

  // Session startup (§8.1): [rz CR] ZRQINIT(hex) → ZRINIT; optional ZSINIT(bin)+ZCRCW → ZACK.
  async #handshake(): Promise<void> {
    const out = this.#outbox.out;
    if (this.#options.announce ?? true) out.latin1("rz\r");
    for (let tries = 0;; tries++) {
      if (tries > this.#retries) throw new TransferStop("no ZRINIT from the receiver", true);
      writeHexHeader(this.#outbox.out, ZRQINIT, 0);
      await this.#outbox.drain();
      const reply = await this.#replies.next();
      if (reply?.type === ZRINIT) {
        this.#onZrinit(reply.value);
        break;
      }
      if (reply?.type === ZCHALLENGE) {
        writeHexHeader(this.#outbox.out, ZACK, reply.value);
        tries--;
      }
    }
    if (!this.#options.escapeControl) return;
    for (let tries = 0;; tries++) {
      if (tries > this.#retries) throw new TransferStop("no ZACK for ZSINIT", true);
      const out = this.#outbox.out;
      const options = { crc32: this.#crc32, encoder: this.#encoder };
      writeBinaryHeader(out, ZSINIT, flagsValue(TESCCTL), options);
      writeSubpacket(out, new Uint8Array(1), ZCRCW, options);
      await this.#outbox.drain();
      const reply = await this.#replies.next();
      if (reply?.type === ZACK) return;
    }
  }

  // ZRINIT (§11.2): ZF0 capabilities; ZP0/ZP1 receive buffer size, 0 for nonstop I/O.
  #onZrinit(value: number): void {
    const flags = value >>> 24;
    const buffer = value & 0xffff;
    this.#crc32 = (flags & CANFC32) !== 0;
    this.#encoder.configure(this.#escapes((flags & ESCCTL) !== 0));
    const streaming = (flags & (CANFDX | CANOVIO)) === (CANFDX | CANOVIO);
    // Without overlapped I/O each subpacket is its own segment and waits for its ZACK.
    this.#segment = buffer > 0 ? buffer : streaming ? 0 : this.#maxBlk;
    this.#window = this.#segment > 0 ? 0 : Math.max(0, this.#options.window ?? 256 * 1024);
  }

  // File offer (§11.5): ZFILE(bin) + ZCRCW subpacket "name NUL info NUL" → ZRPOS | ZSKIP | ZCRC.
  async #sendFile(file: FileSource, batch: { filesLeft: number; bytesLeft: number }) {
    const outcome: FileOutcome = { name: file.name, status: "failed", from: 0, to: 0 };
    this.#outcomes.push(outcome);
    if (!(file.size >= 0 && file.size <= MAX_POSITION)) {
      throw new TransferStop(`"${file.name}" is ${file.size} bytes; ZMODEM stops at 4 GiB`, true);
    }
    const o = this.#options;
    const flags = flagsValue(o.resume ? ZCRESUM : ZCBIN, o.overwrite ? ZMCLOB : 0);
    const info = this.#info.clear();
    writeFileInfo(info, file, batch);
    for (let tries = 0;; tries++) {
      if (tries > this.#retries) throw new TransferStop(`no answer to ZFILE "${file.name}"`, true);
      const out = this.#outbox.out;
      const options = { crc32: this.#crc32, encoder: this.#encoder };
      writeBinaryHeader(out, ZFILE, flags, options);
      writeSubpacket(out, info.view(), ZCRCW, options);
      await this.#outbox.drain();
      for (;;) {
        const reply = await this.#replies.next();
        if (!reply || reply.type === ZNAK) break;
        if (reply.type === ZRPOS) {
          outcome.from = outcome.to = reply.value;
          return await this.#sendData(file, outcome, reply.value);
        }
        if (reply.type === ZSKIP) {
          outcome.status = "skipped";
          return;
        }
        if (reply.type === ZCRC) await this.#sendFileCrc(file, reply.value);
        else this.#checkFatal(reply);
      }
    }
  }

  #checkFatal(reply: Reply): void {
    if (reply.type === ZABORT || reply.type === ZFERR || reply.type === ZFIN) {
      throw new TransferStop(`the receiver sent ${frameName(reply.type)}`, false);
    }
  }

  // ZCRC (§11.14): the receiver asks for the CRC-32 of the first P bytes (0: all); reply ZCRC.
  async #sendFileCrc(file: FileSource, length: number): Promise<void> {
    const end = length > 0 ? Math.min(length, file.size) : file.size;
    let crc = 0;
    for (let at = 0; at < end;) {
      const n = await this.#readFully(file, at, Math.min(READ_SIZE, end - at));
      if (n === 0) break;
      crc = crc32(this.#readBuf.subarray(0, n), crc);
      at += n;
    }
    writeHexHeader(this.#outbox.out, ZCRC, crc);
    await this.#outbox.drain();
  }

  /**
   * Data (§11.11, §9): ZDATA(bin, offset) then subpackets; ZCRCG while streaming, ZCRCW at a
   * segment's end (then ZACK, then a new ZDATA), ZCRCE before ZEOF(bin, size) → ZRINIT. A ZRPOS
   * at any point drops unsent frames and starts a new ZDATA at the offset asked for.
   */
  async #sendData(file: FileSource, outcome: FileOutcome, start: number): Promise<void> {
    const outbox = this.#outbox;
    const options = { crc32: this.#crc32, encoder: this.#encoder };
    let size = file.size;
    let offset = start;
    let segmentStart = start;
    let newFrame = true;
    let lastRpos = start;
    let rewoundAt = outbox.sent;
    const window = this.#window;
    let acked = start;
    let lastAsked = start;
    let stalls = 0;
    let errors = 0;
    let sinceError = 0;
    let readFrom = 0;
    let readLen = 0;
    const rewind = (to: number, streaming: boolean): void => {
      if (to > size) throw new TransferStop(`the receiver asked for offset ${to} of ${size}`, true);
      // A receiver hunting for our new ZDATA through data still in flight repeats its ZRPOS
      // (lrzsz rz after every ~40 KB it skips); going back for each repeat would never let it
      // catch up. Only once a window's worth has gone out does a repeat mean "lost again".
      if (streaming && to === lastRpos && outbox.sent - rewoundAt < RESYNC_WINDOW) return;
      // Errors in a row count until the receiver gets past the last place it asked for.
      errors = to > lastRpos ? 1 : errors + 1;
      if (errors > this.#retries) throw new TransferStop(`too many errors at offset ${to}`, true);
      lastRpos = to;
      this.#blk = Math.max(MIN_SUBPACKET, this.#blk >> 1);
      sinceError = 0;
      outbox.discard();
      // An empty ZCRCE ends the frame for a receiver still reading data (one whose ZACK or
      // ZRPOS was lost), so it takes the ZDATA that follows as a header; to a receiver that is
      // hunting for that header it is a few bytes of garbage.
      writeSubpacket(outbox.out, EMPTY, ZCRCE, options);
      rewoundAt = outbox.sent;
      offset = segmentStart = lastAsked = to;
      newFrame = true;
    };
    /** Applies a reply; true when the receiver declined the rest of the file. */
    const onReply = (reply: Reply, streaming = true): boolean => {
      // A ZRINIT here is a stale repeat (rz sends two at startup); only ZSKIP skips.
      if (reply.type === ZRPOS) {
        rewind(reply.value, streaming);
        // Asking for offset p says everything before p arrived: as good as a ZACK.
        acked = Math.max(acked, Math.min(reply.value, offset));
      } else if (reply.type === ZACK) {
        if (reply.value > acked) stalls = 0;
        acked = Math.max(acked, reply.value);
      } else if (reply.type === ZSKIP) return true;
      else this.#checkFatal(reply);
      return false;
    };
    if (start > size) {
      throw new TransferStop(`the receiver asked for offset ${start} of ${size}`, true);
    }
    for (;;) {
      this.#replies.check();
      for (let reply; (reply = this.#replies.take());) {
        if (onReply(reply)) return this.#skipped(outcome);
      }
      if (window > 0 && offset - acked >= window && offset < size) {
        // The window is full: wait for a ZACK; silence means our ZCRCQ or its ZACK was lost.
        await this.#replies.until(outbox.drain());
        const reply = await this.#replies.next();
        // All we sent is written out, so a repeated ZRPOS now means our ZDATA was lost.
        if (reply && onReply(reply, false)) return this.#skipped(outcome);
        if (!reply) {
          if (++stalls > this.#retries) {
            throw new TransferStop(`no ZACK past offset ${acked}`, true);
          }
          rewind(acked, false);
        }
        continue;
      }
      if (newFrame) {
        writeBinaryHeader(outbox.out, ZDATA, offset, options);
        newFrame = false;
      }
      let len = Math.min(this.#blk, size - offset);
      if (this.#segment > 0) len = Math.min(len, segmentStart + this.#segment - offset);
      if (offset < readFrom || offset + len > readFrom + readLen) {
        readFrom = offset;
        readLen = await this.#readFully(file, offset, Math.min(READ_SIZE, size - offset));
        if (readLen < len) {
          // The file shrank since it was offered: end it where the data ends.
          size = offset + readLen;
          len = readLen;
        }
      }
      const data = this.#readBuf.subarray(offset - readFrom, offset - readFrom + len);
      offset += len;
      const atEnd = offset >= size;
      const segmentEnd = this.#segment > 0 && offset - segmentStart >= this.#segment;
      const ask = window > 0 && offset - lastAsked >= window >> 2;
      if (ask) lastAsked = offset;
      const end = atEnd ? ZCRCE : segmentEnd ? ZCRCW : ask ? ZCRCQ : ZCRCG;
      writeSubpacket(outbox.out, data, end, options);
      outcome.to = Math.max(outcome.to, offset);
      if (++sinceError >= REGROW_AFTER && this.#blk < this.#maxBlk) {
        this.#blk *= 2;
        sinceError = 0;
      }
      if (atEnd) {
        writeBinaryHeader(outbox.out, ZEOF, size, options);
        await this.#replies.until(outbox.drain());
        this.#options.onProgress?.(file, offset);
        const reply = await this.#awaitReply(ZRINIT, size, ZEOF);
        if (reply === undefined) {
          outcome.status = "done";
          return;
        }
        if (onReply(reply, false)) return this.#skipped(outcome);
        continue;
      }
      if (segmentEnd) {
        await this.#replies.until(outbox.drain());
        const reply = await this.#awaitReply(ZACK, offset, undefined);
        if (reply === undefined) segmentStart = offset;
        else if (reply.type === ZRPOS) rewind(reply.value, false);
        else if (reply.type === ZNAK) rewind(segmentStart, false);
        else if (onReply(reply)) return this.#skipped(outcome);
        newFrame = true;
        continue;
      }
      if (outbox.out.length >= BATCH_BYTES) {
        const free = outbox.whenFree();
        if (free) await this.#replies.until(free);
        outbox.send();
        this.#options.onProgress?.(file, offset);
      }
    }
  }

  #skipped(outcome: FileOutcome): void {
    this.#outbox.discard();
    outcome.status = "skipped";
  }

  /**
   * Waits for `want` (a ZRINIT after ZEOF, or the ZACK for `value` after ZCRCW): undefined when
   * it comes, else the reply that came instead (ZRPOS, ZSKIP, …). On silence, re-sends the
   * header `resend` if given and waits again, or answers as if the receiver asked for
   * `value`'s segment again.
   */
  async #awaitReply(
    want: number,
    value: number,
    resend: number | undefined,
  ): Promise<Reply | undefined> {
    for (let tries = 0;;) {
      const reply = await this.#replies.next();
      if (reply === undefined) {
        if (++tries > this.#retries) {
          throw new TransferStop(`no answer after ${frameName(want)}`, true);
        }
        if (resend === undefined) return { type: ZNAK, value: -1 };
        writeBinaryHeader(this.#outbox.out, resend, value, {
          crc32: this.#crc32,
          encoder: this.#encoder,
        });
        await this.#replies.until(this.#outbox.drain());
        continue;
      }
      if (reply.type === want && (want !== ZACK || reply.value === value)) return undefined;
      if (reply.type === ZACK || reply.type === ZRINIT && want !== ZRINIT) continue;
      return reply;
    }
  }

  /** Reads up to `want` bytes of `file` at `offset` into the read buffer; a stop cuts it short. */
  #readFully(file: FileSource, offset: number, want: number): Promise<number> {
    return readFully(file, offset, this.#readBuf.subarray(0, want), (p) => this.#replies.until(p));
  }

  // Session cleanup (§8.3): ZFIN(hex) → ZFIN, then "OO".
  async #finish(): Promise<void> {
    for (let tries = 0; tries < 3; tries++) {
      writeHexHeader(this.#outbox.out, ZFIN, 0);
      await this.#outbox.drain();
      for (;;) {
        const reply = await this.#replies.next();
        if (!reply) break;
        if (reply.type === ZFIN) {
          this.#outbox.out.byte(OVER).byte(OVER);
          await this.#outbox.drain();
          return;
        }
      }
    }
  }
}
