/**
 * Test support: a {@linkcode TelnetHandler} that records events, and feeders that replay one
 * input split in every way. Not exported from `mod.ts`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { TelnetDecoder, type TelnetDecoderOptions, type TelnetHandler } from "./decoder.ts";

/** One decoder event, with bytes copied out of the borrowed views. */
export type TelnetEvent =
  | { type: "data"; bytes: number[] }
  | { type: "command"; code: number }
  | { type: "negotiate"; verb: number; option: number }
  | { type: "subnegotiation"; option: number; payload: number[] };

/**
 * Records events, joining consecutive `data` calls into one event so that the record does not
 * depend on how the input was split into chunks.
 */
export class RecordingHandler implements TelnetHandler {
  readonly events: TelnetEvent[] = [];
  /** Number of `data` calls, before joining. */
  dataCalls = 0;

  data(bytes: Uint8Array): void {
    this.dataCalls++;
    const last = this.events.at(-1);
    if (last?.type === "data") {
      for (const b of bytes) last.bytes.push(b);
    } else {
      this.events.push({ type: "data", bytes: [...bytes] });
    }
  }

  command(code: number): void {
    this.events.push({ type: "command", code });
  }

  negotiate(verb: number, option: number): void {
    this.events.push({ type: "negotiate", verb, option });
  }

  subnegotiation(option: number, payload: Uint8Array): void {
    this.events.push({ type: "subnegotiation", option, payload: [...payload] });
  }
}

/** What one decoding run produced. */
export interface DecodeResult {
  events: TelnetEvent[];
  dropped: number;
}

/** Options for the feeders: decoder options plus cooking. */
export interface FeedOptions extends TelnetDecoderOptions {
  cookNewlines?: boolean;
}

/**
 * Decodes `input` fed as the pieces between `cuts` (sorted offsets). Each piece is copied into
 * one reused buffer that is scribbled over after `push`, as a socket read buffer would be.
 */
export function decodeInPieces(
  input: Uint8Array,
  cuts: readonly number[],
  options: FeedOptions = {},
): DecodeResult {
  const handler = new RecordingHandler();
  const decoder = new TelnetDecoder(handler, options);
  decoder.cookNewlines = options.cookNewlines ?? true;
  const scratch = new Uint8Array(input.length);
  let from = 0;
  for (const to of [...cuts, input.length]) {
    const piece = scratch.subarray(0, to - from);
    piece.set(input.subarray(from, to));
    decoder.push(piece);
    piece.fill(0xaa);
    from = to;
  }
  return { events: handler.events, dropped: decoder.droppedSubnegotiations };
}

/**
 * Asserts that `input` decodes to `expected` fed whole, split at every single offset, split at
 * every pair of offsets (inputs up to 40 bytes) and byte by byte.
 */
export function assertEverySplit(
  input: Uint8Array,
  expected: TelnetEvent[],
  options: FeedOptions = {},
): void {
  const whole = decodeInPieces(input, [], options);
  assert.deepEqual(whole.events, expected, "fed whole");
  const n = input.length;
  for (let a = 0; a <= n; a++) {
    assert.deepEqual(decodeInPieces(input, [a], options), whole, `split at ${a}`);
    if (n > 40) continue;
    for (let b = a; b <= n; b++) {
      assert.deepEqual(decodeInPieces(input, [a, b], options), whole, `split at ${a} and ${b}`);
    }
  }
  const everyByte = Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1);
  assert.deepEqual(decodeInPieces(input, everyByte, options), whole, "byte by byte");
}

/** Bytes from numbers and latin1 strings, for readable fixtures. */
export function bytes(...parts: Array<number | string>): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === "number") out.push(part);
    else for (let i = 0; i < part.length; i++) out.push(part.charCodeAt(i));
  }
  return new Uint8Array(out);
}

/** A `data` event holding `parts`. */
export function data(...parts: Array<number | string>): TelnetEvent {
  return { type: "data", bytes: [...bytes(...parts)] };
}

/** A small seeded PRNG (mulberry32) so randomised tests replay exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
