/**
 * XMODEM blocks on the wire, shared by every XMODEM and YMODEM variant: writing one, and reading
 * them incrementally out of whatever chunks the peer's bytes arrive in.
 *
 * ```
 * SOH blk ~blk data[128]  cksum          checksum: sum of the data bytes mod 256 (§7.2)
 * SOH blk ~blk data[128]  crc_hi crc_lo  CRC-16/XMODEM of the data, high byte first (§8)
 * STX blk ~blk data[1024] crc_hi crc_lo  1k block (§4.3)
 * ```
 *
 * `blk` counts from 1 (0 is YMODEM's file header) and wraps at 256; `~blk` is 255 − blk.
 *
 * @module
 */

import type { ByteWriter } from "../../bytes/mod.ts";
import { crc16 } from "../zmodem/crc.ts";
import {
  BLOCK_HEAD,
  CAN,
  EOT,
  LONG_BLOCK,
  MAX_WIRE_BLOCK,
  SHORT_BLOCK,
  SOH,
  STX,
} from "./constants.ts";

/** Sum of `data` mod 256: the original XMODEM block check. */
export function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  return sum & 0xff;
}

/**
 * Appends one block: `data` (at most `size` bytes) padded to `size` with `pad`, checked by
 * CRC-16 when `crc` is true, else by the arithmetic checksum.
 *
 * @example
 * ```ts
 * writeBlock(out, 1, bytes, { size: 1024, crc: true, pad: SUB });
 * ```
 */
export function writeBlock(
  out: ByteWriter,
  number: number,
  data: Uint8Array,
  options: { size: 128 | 1024; crc: boolean; pad: number },
): void {
  const { size, crc, pad } = options;
  if (data.length > size) throw new RangeError(`Block data is ${data.length} bytes, over ${size}`);
  const wire = BLOCK_HEAD + size + (crc ? 2 : 1);
  const room = out.room(wire);
  room[0] = size === LONG_BLOCK ? STX : SOH;
  room[1] = number & 0xff;
  room[2] = 0xff - (number & 0xff);
  room.set(data, BLOCK_HEAD);
  const end = BLOCK_HEAD + size;
  if (data.length < size) room.fill(pad, BLOCK_HEAD + data.length, end);
  const body = room.subarray(BLOCK_HEAD, end);
  if (crc) {
    const value = crc16(body);
    room[end] = value >>> 8;
    room[end + 1] = value & 0xff;
  } else room[end] = checksum(body);
  out.advance(wire);
}

/** Nothing complete yet: feed more bytes. */
export const EVENT_NONE = 0;
/** A block with a good complement and check: see `number`, `data`. */
export const EVENT_BLOCK = 1;
/** EOT where a block would start. */
export const EVENT_EOT = 2;
/** CAN CAN where a block would start. */
export const EVENT_CANCEL = 3;
/** Bytes that start nothing (skipped); see `problem`. */
export const EVENT_NOISE = 4;
/** A whole block whose complement or check is wrong; see `problem`. */
export const EVENT_BAD_BLOCK = 5;

/**
 * Reads blocks, EOT and CAN CAN out of a byte stream split anywhere. One block buffer
 * (1029 bytes) is the only memory it holds; a block that arrives whole in one chunk is checked
 * in place, without a copy.
 */
export class BlockReader {
  /** Expect CRC-16 (2 check bytes) rather than the checksum (1). */
  crc = true;
  /** Where the last `read` stopped in its input. */
  consumed = 0;
  /** Number of the block just read (0..255). */
  number = 0;
  /**
   * Data of the block just read: a view into the input or into the reader's buffer, valid
   * until the next `read`.
   */
  data: Uint8Array = new Uint8Array(0);
  /** What was wrong, after EVENT_NOISE or EVENT_BAD_BLOCK. */
  problem = "";
  readonly #buf = new Uint8Array(MAX_WIRE_BLOCK);
  #have = 0;
  #need = 0;
  #can = false;

  /** True inside a block: more bytes are due at once. */
  get partial(): boolean {
    return this.#have > 0;
  }

  /** Forgets a block in progress. */
  reset(): void {
    this.#have = 0;
    this.#can = false;
  }

  /**
   * Reads from `input` at `at` until one event; `consumed` says where it stopped. `input` is
   * borrowed: only an unfinished block is copied.
   */
  read(input: Uint8Array, at: number): number {
    if (this.#have > 0) {
      const take = Math.min(this.#need - this.#have, input.length - at);
      this.#buf.set(input.subarray(at, at + take), this.#have);
      this.#have += take;
      this.consumed = at + take;
      if (this.#have < this.#need) return EVENT_NONE;
      this.#have = 0;
      return this.#check(this.#buf, 0);
    }
    if (at >= input.length) {
      this.consumed = at;
      return EVENT_NONE;
    }
    const first = input[at]!;
    if (first === CAN) {
      this.consumed = at + 1;
      if (!this.#can) {
        this.#can = true;
        return EVENT_NONE;
      }
      this.#can = false;
      return EVENT_CANCEL;
    }
    this.#can = false;
    if (first === EOT) {
      this.consumed = at + 1;
      return EVENT_EOT;
    }
    if (first === SOH || first === STX) {
      this.#need = BLOCK_HEAD + (first === STX ? LONG_BLOCK : SHORT_BLOCK) + (this.crc ? 2 : 1);
      if (input.length - at >= this.#need) {
        this.consumed = at + this.#need;
        return this.#check(input, at);
      }
      this.#buf.set(input.subarray(at), 0);
      this.#have = input.length - at;
      this.consumed = input.length;
      return EVENT_NONE;
    }
    let end = at + 1;
    while (end < input.length) {
      const b = input[end]!;
      if (b === SOH || b === STX || b === EOT || b === CAN) break;
      end++;
    }
    this.consumed = end;
    this.problem = `${end - at} stray byte${end - at === 1 ? "" : "s"} (first 0x${hex(first)})`;
    return EVENT_NOISE;
  }

  #check(src: Uint8Array, at: number): number {
    const number = src[at + 1]!;
    const complement = src[at + 2]!;
    const size = this.#need - BLOCK_HEAD - (this.crc ? 2 : 1);
    const end = at + BLOCK_HEAD + size;
    if ((number ^ complement) !== 0xff) {
      this.problem = `block number 0x${hex(number)} with complement 0x${hex(complement)}`;
      return EVENT_BAD_BLOCK;
    }
    const data = src.subarray(at + BLOCK_HEAD, end);
    if (this.crc) {
      if (crc16(data) !== (src[end]! << 8 | src[end + 1]!)) {
        this.problem = `block ${number}: CRC mismatch`;
        return EVENT_BAD_BLOCK;
      }
    } else if (checksum(data) !== src[end]) {
      this.problem = `block ${number}: checksum mismatch`;
      return EVENT_BAD_BLOCK;
    }
    this.number = number;
    this.data = data;
    return EVENT_BLOCK;
  }
}

function hex(b: number): string {
  return b.toString(16).padStart(2, "0");
}
