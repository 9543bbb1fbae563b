/**
 * argon2id cost parameters and the PHC string format they travel in. No hashing happens here, so
 * the main thread can read stored hashes without loading any WebAssembly.
 *
 * @module
 */

/** argon2id cost parameters (RFC 9106 §3.1: m, t, p). */
export interface PasswordParams {
  /** Memory cost in KiB (`m`). */
  memoryKiB: number;
  /** Passes over memory (`t`). */
  iterations: number;
  /** Lanes (`p`); hash-wasm computes them one after the other. */
  parallelism: number;
}

/**
 * The OWASP Password Storage Cheat Sheet's argon2id setting: 19 MiB, 2 passes, 1 lane.
 *
 * @example
 * ```ts
 * const hasher = new PasswordHasher({ params: OWASP_PARAMS });
 * ```
 */
export const OWASP_PARAMS: Readonly<PasswordParams> = Object.freeze({
  memoryKiB: 19456,
  iterations: 2,
  parallelism: 1,
});

/** Bytes of hash in the strings we write (RFC 9106 §4 recommends 32). */
export const HASH_BYTES = 32;

/** Bytes of random salt in the strings we write (RFC 9106 §3.1 recommends 16). */
export const SALT_BYTES = 16;

// hash-wasm sizes its wasm32 memory as m * 1024 + 1024 bytes; 2 GiB keeps that far below 4 GiB.
const MAX_MEMORY_KIB = 2 * 1024 * 1024;
// RFC 9106 §3.1: p is at most 2^24 - 1; t at most 2^32 - 1.
const MAX_PARALLELISM = 0xffffff;
const MAX_ITERATIONS = 0xffffffff;

/**
 * Says what is wrong with `params`, or `undefined` when hash-wasm can run them.
 *
 * @returns a message such as `"memoryKiB must be at least 8 * parallelism (8)"`, or `undefined`.
 */
export function checkPasswordParams(params: PasswordParams): string | undefined {
  const { memoryKiB, iterations, parallelism } = params;
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > MAX_PARALLELISM) {
    return `parallelism must be an integer from 1 to ${MAX_PARALLELISM}, got ${parallelism}`;
  }
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    return `iterations must be an integer from 1 to ${MAX_ITERATIONS}, got ${iterations}`;
  }
  // RFC 9106 §3.1: m >= 8 * p.
  if (!Number.isInteger(memoryKiB) || memoryKiB < 8 * parallelism) {
    return `memoryKiB must be an integer of at least 8 * parallelism (${
      8 * parallelism
    }), got ${memoryKiB}`;
  }
  if (memoryKiB > MAX_MEMORY_KIB) {
    return `memoryKiB must be at most ${MAX_MEMORY_KIB} (2 GiB), got ${memoryKiB}`;
  }
  return undefined;
}

/** An argon2 PHC string taken apart: which variant, and its cost parameters. */
export interface PhcArgon2 {
  /** `"id"` for argon2id; `"i"` and `"d"` are the older variants. */
  variant: "id" | "i" | "d";
  /** m, t and p as stored. */
  params: PasswordParams;
}

// PHC string format as argon2's reference `argon2_encode` and hash-wasm write it:
//   $argon2<variant>$v=19$m=<m>,t=<t>,p=<p>$<salt, unpadded base64>$<hash, unpadded base64>
// Only version 19 (0x13, RFC 9106 §3.1) exists in practice. Salt >= 8 bytes (11 chars), hash >= 4
// bytes (6 chars); an unpadded base64 length of 4k+1 cannot come from whole bytes.
const PHC_ARGON2 =
  /^\$argon2(id|i|d)\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,8})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{6,})$/;

/**
 * Takes apart an argon2 PHC string, or returns `undefined` when it is malformed or its
 * parameters could not be run. Never throws.
 */
export function parsePhcArgon2(encoded: string): PhcArgon2 | undefined {
  const match = PHC_ARGON2.exec(encoded);
  if (match === null) return undefined;
  const [, variant, m, t, p, salt, hash] = match;
  if (salt!.length % 4 === 1 || hash!.length % 4 === 1) return undefined;
  const params = { memoryKiB: Number(m), iterations: Number(t), parallelism: Number(p) };
  if (checkPasswordParams(params) !== undefined) return undefined;
  return { variant: variant as PhcArgon2["variant"], params };
}

/**
 * Reads m, t and p from an argon2 (id, i or d) PHC string.
 *
 * @param encoded a stored hash such as `$argon2id$v=19$m=19456,t=2,p=1$…$…`.
 * @returns the parameters, or `undefined` when `encoded` is not a well-formed argon2 hash.
 *
 * @example
 * ```ts
 * parsePasswordParams(stored); // { memoryKiB: 19456, iterations: 2, parallelism: 1 }
 * ```
 */
export function parsePasswordParams(encoded: string): PasswordParams | undefined {
  return parsePhcArgon2(encoded)?.params;
}
