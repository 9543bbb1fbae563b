/**
 * LZ4 block compression over `Uint8Array`, hiding lz4-wasm (a wasm build of lz4_flex).
 *
 * lz4-wasm frames its output as a 4-byte little-endian original length followed by one LZ4
 * block, and its `decompress` allocates whatever that prefix claims. Carrier stores the original
 * length in a column of its own, so {@linkcode compress} drops the prefix (4 bytes a row) and
 * {@linkcode decompress} rebuilds it from the length the caller vouches for, after checking it
 * against a bound: a corrupt row costs at most that bound, never a huge allocation.
 *
 * @module
 */

import { compress as compressFramed, decompress as decompressFramed } from "lz4-wasm";
import { CarrierError } from "../errors.ts";

/** The largest original length {@linkcode decompress} accepts unless told otherwise: 16 MiB. */
export const MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

/** Bytes of the original-length prefix lz4-wasm puts before each block. */
const PREFIX_BYTES = 4;

/**
 * Compresses `bytes` into one LZ4 block (no length prefix: keep the original length yourself).
 * Incompressible input comes back slightly longer than it went in; callers that store the
 * result should keep the original when it is not shorter.
 *
 * @example
 * ```ts
 * const text = new TextEncoder().encode("thx. ".repeat(100));
 * const block = compress(text);
 * block.length < text.length; // true
 * decompress(block, text.length); // the 500 bytes again
 * ```
 */
export function compress(bytes: Uint8Array): Uint8Array {
  // A fresh copy out of wasm memory; the view skips the prefix without another copy.
  return compressFramed(bytes).subarray(PREFIX_BYTES);
}

/**
 * Decompresses one LZ4 block made by {@linkcode compress}.
 *
 * @param block the compressed bytes
 * @param originalLength the exact length `block` decompresses to, as stored beside it
 * @param options.maxLength refuse an `originalLength` above this (default
 *   {@linkcode MAX_DECOMPRESSED_BYTES}), so a corrupt length cannot make a huge allocation
 * @returns a new array of `originalLength` bytes
 * @throws {CarrierError} `STORE_FAILED` when `originalLength` is out of bounds or the block is
 *   corrupt, truncated or decompresses to another length
 */
export function decompress(
  block: Uint8Array,
  originalLength: number,
  options: { maxLength?: number } = {},
): Uint8Array {
  const { maxLength = MAX_DECOMPRESSED_BYTES } = options;
  if (!Number.isInteger(originalLength) || originalLength < 0 || originalLength > maxLength) {
    throw corrupt(`the original length ${originalLength} is not between 0 and ${maxLength}`);
  }
  const framed = new Uint8Array(PREFIX_BYTES + block.length);
  new DataView(framed.buffer).setUint32(0, originalLength, true);
  framed.set(block, PREFIX_BYTES);
  let bytes: Uint8Array;
  try {
    bytes = decompressFramed(framed);
  } catch (error) {
    // lz4-wasm throws its Rust error as a string ("literal is out of bounds of the input", …).
    throw corrupt(error instanceof Error ? error.message : String(error), error);
  }
  if (bytes.length !== originalLength) {
    throw corrupt(`it holds ${bytes.length} bytes, not the ${originalLength} expected`);
  }
  return bytes;
}

function corrupt(reason: string, cause?: unknown): CarrierError {
  return new CarrierError(
    "STORE_FAILED",
    `Cannot decompress LZ4 data: ${reason}`,
    cause === undefined ? undefined : { cause },
  );
}
