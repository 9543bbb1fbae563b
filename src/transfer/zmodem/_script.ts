/**
 * Test support: frames built by hand, a sink that records and decodes what a codec sent, and
 * in-memory file sources and targets.
 *
 * @module
 */

import { ByteWriter } from "../../bytes/mod.ts";
import { ZCOMMAND, ZDATA, ZFILE, ZSINIT } from "./constants.ts";
import { writeFileInfo, type ZmodemFileInfo } from "./file_info.ts";
import { writeBinaryHeader, writeHexHeader } from "./header.ts";
import type { ZmodemSink } from "./outbox.ts";
import {
  EVENT_BAD_HEADER,
  EVENT_BAD_SUBPACKET,
  EVENT_CANCEL,
  EVENT_HEADER,
  EVENT_SUBPACKET,
  FrameReader,
} from "./reader.ts";
import type { FileTarget } from "./receiver.ts";
import type { FileSource } from "./sender.ts";
import { writeSubpacket } from "./subpacket.ts";
import { ZdleEncoder, type ZdleOptions } from "./zdle.ts";

/** Builds the frames a peer would send. */
export class Script {
  readonly #encoder: ZdleEncoder;
  readonly crc32: boolean;

  constructor(crc32 = true, options: ZdleOptions = {}) {
    this.crc32 = crc32;
    this.#encoder = new ZdleEncoder(options);
  }

  hex(type: number, value = 0): Uint8Array {
    const out = new ByteWriter();
    writeHexHeader(out, type, value);
    return out.view().slice();
  }

  bin(type: number, value = 0): Uint8Array {
    const out = new ByteWriter();
    writeBinaryHeader(out, type, value, { crc32: this.crc32, encoder: this.#encoder });
    return out.view().slice();
  }

  sub(data: Uint8Array, frameEnd: number): Uint8Array {
    const out = new ByteWriter();
    writeSubpacket(out, data, frameEnd, { crc32: this.crc32, encoder: this.#encoder });
    return out.view().slice();
  }

  fileInfo(name: string, size: number): Uint8Array {
    const out = new ByteWriter();
    writeFileInfo(out, { name, size, mtime: new Date(0) }, { filesLeft: 1, bytesLeft: size });
    return out.view().slice();
  }
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new ByteWriter();
  for (const part of parts) out.bytes(part);
  return out.view().slice();
}

/** One thing a codec sent, as decoded from its output. */
export type Sent =
  | { header: number; value: number; form: number }
  | { data: Uint8Array; end: number }
  | { bad: string }
  | { cancel: true };

/** A sink that keeps every byte and decodes the frames in it. */
export class RecordingSink implements ZmodemSink {
  readonly chunks: Uint8Array[] = [];
  readonly frames: Sent[] = [];
  readonly #reader = new FrameReader();
  /** Make the next writes reject. */
  failWith: Error | undefined;
  /** Make writes take a macrotask each, like a socket. */
  slow = false;

  write(bytes: Uint8Array): void | Promise<void> {
    if (this.failWith) throw this.failWith;
    this.#record(bytes);
    if (this.slow) return new Promise((resolve) => setTimeout(resolve, 0));
  }

  #record(bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.chunks.push(copy);
    for (let at = 0; at < copy.length;) {
      const event = this.#reader.read(copy, at);
      at = this.#reader.consumed;
      const r = this.#reader;
      if (event === EVENT_HEADER) {
        this.frames.push({ header: r.type, value: r.value, form: r.form });
        if ([ZFILE, ZDATA, ZSINIT, ZCOMMAND].includes(r.type)) r.beginData();
      } else if (event === EVENT_SUBPACKET) {
        this.frames.push({ data: r.data.slice(), end: r.frameEnd });
      } else if (event === EVENT_CANCEL) this.frames.push({ cancel: true });
      else if (event === EVENT_BAD_HEADER || event === EVENT_BAD_SUBPACKET) {
        this.frames.push({ bad: r.problem });
      }
    }
  }

  /** Drops any frame in progress, as a receiver does after sending ZRPOS. */
  hunt(): void {
    this.#reader.hunt();
  }

  /** All bytes written, in one array. */
  get bytes(): Uint8Array {
    return concat(...this.chunks);
  }

  /** The headers sent, as [type, value] pairs. */
  get headers(): [number, number][] {
    return this.frames.flatMap((f) =>
      "header" in f ? [[f.header, f.value] as [number, number]] : []
    );
  }

  /** Forgets what was recorded so far. */
  reset(): void {
    this.chunks.length = 0;
    this.frames.length = 0;
  }
}

/** A file in memory as a `FileSource`; counts reads. */
export function memorySource(name: string, data: Uint8Array): FileSource & { reads: number[] } {
  const reads: number[] = [];
  return {
    name,
    size: data.length,
    mtime: new Date(0),
    reads,
    read(offset, into) {
      reads.push(offset);
      const n = Math.max(0, Math.min(into.length, data.length - offset));
      into.set(data.subarray(offset, offset + n));
      return Promise.resolve(n);
    },
  };
}

/** A `FileTarget` in memory that records every call. */
export class MemoryTarget implements FileTarget {
  readonly opened: ZmodemFileInfo[] = [];
  readonly writes: { offset: number; length: number }[] = [];
  readonly finished: boolean[] = [];
  data = new ByteWriter();
  answer: (info: ZmodemFileInfo) => { resumeAt: number } | "skip" = () => ({ resumeAt: 0 });
  /** When set, writes wait for it. */
  gate: Promise<void> | undefined;

  open(info: ZmodemFileInfo): Promise<{ resumeAt: number } | "skip"> {
    this.opened.push(info);
    this.data = new ByteWriter();
    return Promise.resolve(this.answer(info));
  }

  async write(bytes: Uint8Array, offset: number): Promise<void> {
    this.writes.push({ offset, length: bytes.length });
    const copy = bytes.slice();
    if (this.gate) await this.gate;
    this.data.bytes(copy);
  }

  finish(ok: boolean): Promise<void> {
    this.finished.push(ok);
    return Promise.resolve();
  }
}

/** `n` pseudo-random bytes from `seed`. */
export function randomBytes(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
