/**
 * Test support: hand-built blocks, a sink that records what a codec sends, and two codecs
 * wired back to back in memory with an optional fault on the wire. Not part of the public API.
 *
 * @module
 */

import { ByteWriter } from "../../bytes/mod.ts";
import type { TransferReport, ZmodemSink } from "../zmodem/mod.ts";
import { type FakeClock, settle } from "../zmodem/_fake_clock.ts";
import { writeBlock } from "./block.ts";
import { SUB } from "./constants.ts";

/** A codec as the wire drives it. */
export interface Codec {
  push(bytes: Uint8Array): void | Promise<void> | undefined;
  start(): Promise<TransferReport>;
}

/** One block as a sender would write it. */
export function block(
  number: number,
  data: Uint8Array,
  options: { size?: 128 | 1024; crc?: boolean; pad?: number } = {},
): Uint8Array {
  const out = new ByteWriter();
  writeBlock(out, number, data, {
    size: options.size ?? 128,
    crc: options.crc ?? true,
    pad: options.pad ?? SUB,
  });
  return out.view().slice();
}

/** Concatenates byte arrays. */
export function concat(...parts: (Uint8Array | number)[]): Uint8Array {
  const out = new ByteWriter();
  for (const part of parts) typeof part === "number" ? out.byte(part) : out.bytes(part);
  return out.view().slice();
}

/**
 * A sink that keeps a copy of everything written and, once `connect`ed, delivers each chunk
 * to another codec in order, a promise step later (so neither codec re-enters the other).
 */
export class Wire implements ZmodemSink {
  readonly chunks: Uint8Array[] = [];
  /** Rewrites (or drops, with `undefined`) the `index`th chunk before delivery. */
  tamper: ((bytes: Uint8Array, index: number) => Uint8Array | undefined) | undefined;
  #to: Codec | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** Delivers what is written from now on to `codec`. */
  connect(codec: Codec): void {
    this.#to = codec;
  }

  write(bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.chunks.push(copy);
    const out = this.tamper ? this.tamper(copy, this.chunks.length - 1) : copy;
    const to = this.#to;
    if (out && to) this.#queue = this.#queue.then(() => to.push(out));
  }

  /** Everything written, in one array. */
  get bytes(): Uint8Array {
    return concat(...this.chunks);
  }

  /** Forgets what was recorded so far. */
  reset(): void {
    this.chunks.length = 0;
  }
}

/** Lets a transfer run to its end without any time passing: no timeout may be needed. */
export async function runWithoutTime(done: Promise<TransferReport>): Promise<TransferReport> {
  let report: TransferReport | undefined;
  void done.then((r) => report = r);
  for (let i = 0; i < 2000 && !report; i++) await settle();
  if (!report) throw new Error("the transfer stalled: it waits for a timeout");
  return report;
}

/** Lets a transfer run, advancing `clock` by `stepMs` whenever it stalls, until `done` settles. */
export async function runToEnd(
  done: Promise<TransferReport>,
  clock: FakeClock,
  stepMs = 1000,
  maxSteps = 1000,
): Promise<TransferReport> {
  let report: TransferReport | undefined;
  void done.then((r) => report = r);
  for (let i = 0; i < maxSteps && !report; i++) {
    await settle();
    if (!report) await clock.advance(stepMs);
  }
  if (!report) throw new Error("the transfer did not end");
  return report;
}
