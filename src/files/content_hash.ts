/**
 * Incremental BLAKE3 (hash-wasm) fed in bounded slices, so hashing a big file never holds the
 * event loop for long: one {@linkcode HASH_SLICE} takes ≈ 0.15 ms here (see `files_bench.ts`).
 * hash-wasm is imported on first use, keeping it out of the daemon's start-up.
 *
 * @module
 */

/** The most bytes handed to the hasher in one synchronous call (64 KiB). */
export const HASH_SLICE = 64 * 1024;

/** Digests are BLAKE3-256 as 64 lowercase hex digits. */
export const HASH_PATTERN: RegExp = /^[0-9a-f]{64}$/;

/** An incremental hash of a file's content. */
export interface ContentHasher {
  /** Adds at most {@linkcode HASH_SLICE} bytes; `bytes` is only read during the call. */
  update(bytes: Uint8Array): void;
  /** The digest of everything added, as 64 lowercase hex digits. Ends the hasher. */
  digest(): string;
}

/**
 * A new BLAKE3-256 hasher. Each has its own small wasm instance, so concurrent uploads do not
 * share state.
 *
 * @example
 * ```ts
 * const hasher = await createContentHasher();
 * for (let at = 0; at < data.length; at += HASH_SLICE) {
 *   hasher.update(data.subarray(at, at + HASH_SLICE));
 * }
 * hasher.digest(); // "af1349b9…"
 * ```
 */
export async function createContentHasher(): Promise<ContentHasher> {
  const { createBLAKE3 } = await import("hash-wasm");
  const hasher = await createBLAKE3();
  return {
    update(bytes) {
      if (bytes.length > HASH_SLICE) {
        throw new RangeError(
          `Cannot hash ${bytes.length} bytes in one call: slice them to ${HASH_SLICE}`,
        );
      }
      hasher.update(bytes);
    },
    digest: () => hasher.digest("hex"),
  };
}
