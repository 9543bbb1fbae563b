/**
 * Makes hash-wasm's argon2 reuse one WebAssembly instance, and so one warm memory, per thread.
 *
 * hash-wasm 4.13 caches the compiled argon2 `WebAssembly.Module` but instantiates it afresh on
 * every `argon2id`/`argon2Verify` call, then grows the new memory to m KiB. Every hash therefore
 * touches m KiB of never-used pages, and here those page faults cost as much as a third of the
 * hash (≈ 46 ms → ≈ 30 ms at m=19456, t=2 in `password_bench.ts`). hash-wasm offers no
 * `createArgon2`, so this wraps `WebAssembly.instantiate` instead: when hash-wasm asks for an
 * instance of the argon2 module it gets the same one back each time.
 *
 * The argon2 wasm XORs each new block into memory (`block(…, xor = 1)` in hash-wasm's `argon2.c`)
 * and so relies on the memory starting at zero; the wrapper zeroes the bytes the next hash will
 * use before handing the instance over (a memset of m KiB, ≈ 1.5 ms for 19 MiB). The same
 * instance must not serve two hashes at once: hash-wasm awaits between instantiating and
 * calculating, so callers run one hash at a time per thread, as `password_worker.ts` does.
 * A wasm memory cannot shrink, so the thread keeps the largest m it has hashed with resident.
 *
 * `argon2_reuse_test.ts` checks the outputs against the reference implementation's.
 *
 * @module
 */

/** The exports of hash-wasm 4.13's `argon2.wasm` (C names, hence the quotes). */
interface Argon2Exports {
  memory: WebAssembly.Memory;
  "Hash_GetBuffer"(): number;
  "Hash_SetMemorySize"(totalBytes: number): number;
  "Hash_Calculate"(length: number, memoryKiB: number): void;
}

// Exactly argon2.wasm's exports; scrypt.wasm has no Hash_Calculate and blake2b.wasm has Hash_Init.
const ARGON2_EXPORTS = "Hash_Calculate,Hash_GetBuffer,Hash_SetMemorySize,__stack_pointer,memory";

const instantiate = WebAssembly.instantiate;
const argon2Modules = new WeakMap<WebAssembly.Module, boolean>();
let shared: Argon2Exports | undefined;
let installed = false;

function isArgon2(module: WebAssembly.Module): boolean {
  let known = argon2Modules.get(module);
  if (known === undefined) {
    const names = WebAssembly.Module.exports(module).map((e) => e.name).sort().join();
    known = names === ARGON2_EXPORTS;
    argon2Modules.set(module, known);
  }
  return known;
}

function reusedInstance(
  module: WebAssembly.Module,
  imports: WebAssembly.Imports | undefined,
): WebAssembly.Instance {
  const real = shared ??= new WebAssembly.Instance(module, imports)
    .exports as unknown as Argon2Exports;
  const exports: Argon2Exports = {
    memory: real.memory,
    "Hash_GetBuffer": () => real.Hash_GetBuffer(),
    "Hash_Calculate": (length, memoryKiB) => real.Hash_Calculate(length, memoryKiB),
    "Hash_SetMemorySize"(totalBytes) {
      // Pages the memory grows by are zero already; only the reused part needs clearing.
      const start = real.Hash_GetBuffer();
      const end = Math.min(start + totalBytes, real.memory.buffer.byteLength);
      new Uint8Array(real.memory.buffer, start, end - start).fill(0);
      // Its uint32 arithmetic refuses to shrink (returns -1), which leaves the bigger memory be.
      return real.Hash_SetMemorySize(totalBytes);
    },
  };
  return { exports } as unknown as WebAssembly.Instance;
}

/**
 * Wraps `WebAssembly.instantiate` in this thread so hash-wasm's argon2 reuses one instance.
 * Other modules instantiate as before.
 *
 * @returns a function that restores the plain `WebAssembly.instantiate`.
 *
 * @example
 * ```ts
 * reuseArgon2Instance();
 * await argon2id({ password, salt, memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 });
 * ```
 */
export function reuseArgon2Instance(): () => void {
  if (!installed) {
    installed = true;
    const wrapped = (source: unknown, imports?: WebAssembly.Imports): Promise<unknown> => {
      if (source instanceof WebAssembly.Module && isArgon2(source)) {
        return Promise.resolve(reusedInstance(source, imports));
      }
      return (instantiate as (s: unknown, i?: WebAssembly.Imports) => Promise<unknown>)
        .call(WebAssembly, source, imports);
    };
    WebAssembly.instantiate = wrapped as typeof WebAssembly.instantiate;
  }
  return () => {
    installed = false;
    WebAssembly.instantiate = instantiate;
  };
}
