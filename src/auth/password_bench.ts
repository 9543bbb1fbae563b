/**
 * argon2id at the OWASP parameters: hash-wasm in this thread (the baseline), the same with the
 * argon2 instance reused, and `PasswordHasher`'s worker round trip. The `overhead` group runs
 * the smallest hash (m=8, t=1) both ways, so the difference is the round trip. The `lag` group prints the
 * longest a 1 ms timer waited past its time while idle, while 8 checks ran back to back in this
 * thread (hash-wasm's awaits are microtasks, so no timer runs between them), and while 8 ran on
 * the pool.
 *
 * @module
 */

import { argon2id, argon2Verify } from "hash-wasm";
import { reuseArgon2Instance } from "./argon2_reuse.ts";
import { PasswordHasher } from "./password.ts";
import { HASH_BYTES, OWASP_PARAMS, SALT_BYTES } from "./password_params.ts";

const PASSWORD = "correct horse battery staple";

function hashHere(): Promise<string> {
  return argon2id({
    password: PASSWORD,
    salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)),
    memorySize: OWASP_PARAMS.memoryKiB,
    iterations: OWASP_PARAMS.iterations,
    parallelism: OWASP_PARAMS.parallelism,
    hashLength: HASH_BYTES,
    outputType: "encoded",
  });
}

async function reusing<T>(run: () => Promise<T>): Promise<T> {
  const restore = reuseArgon2Instance();
  try {
    return await run();
  } finally {
    restore();
  }
}

/** Starts a 1 ms timer; the returned function stops it and gives its longest wait past 1 ms. */
function watchLag(): () => number {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 1);
    last = now;
  }, 1);
  return () => {
    clearInterval(timer);
    return Math.max(longest, performance.now() - last - 1);
  };
}

// The smallest argon2id hash-wasm runs: what is left is the cost around the hash.
const TINY = { memoryKiB: 8, iterations: 1, parallelism: 1 };

const stored = await hashHere();
const hasher = new PasswordHasher();
hasher.warm();
const tinyHasher = new PasswordHasher({ params: TINY, workers: 1 });
const worstLag = { idle: 0, here: 0, pool: 0 };

globalThis.addEventListener("unload", () => {
  hasher.close();
  tinyHasher.close();
  // deno-lint-ignore no-console
  console.log(
    `longest wait of a 1 ms timer past its 1 ms: idle ${worstLag.idle.toFixed(1)} ms; ` +
      `8 checks in this thread ${worstLag.here.toFixed(1)} ms; 8 checks in flight on the pool ` +
      `${worstLag.pool.toFixed(1)} ms (${navigator.hardwareConcurrency} cores, ` +
      `workers = max(1, cores - 1))`,
  );
});

Deno.bench("hash: hash-wasm in this thread", { group: "hash", baseline: true }, async () => {
  await hashHere();
});

Deno.bench("hash: hash-wasm, argon2 instance reused", { group: "hash" }, async () => {
  await reusing(hashHere);
});

Deno.bench("hash: PasswordHasher (worker round trip)", { group: "hash" }, async () => {
  await hasher.hash(PASSWORD);
});

Deno.bench("verify: hash-wasm in this thread", { group: "verify", baseline: true }, async () => {
  await argon2Verify({ password: PASSWORD, hash: stored });
});

Deno.bench("verify: hash-wasm, argon2 instance reused", { group: "verify" }, async () => {
  await reusing(() => argon2Verify({ password: PASSWORD, hash: stored }));
});

Deno.bench("verify: PasswordHasher (worker round trip)", { group: "verify" }, async () => {
  await hasher.verify(PASSWORD, stored);
});

Deno.bench("overhead: m=8,t=1 hash in this thread", {
  group: "overhead",
  baseline: true,
}, async () => {
  await reusing(() =>
    argon2id({
      password: PASSWORD,
      salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)),
      memorySize: TINY.memoryKiB,
      iterations: TINY.iterations,
      parallelism: TINY.parallelism,
      hashLength: HASH_BYTES,
      outputType: "encoded",
    })
  );
});

Deno.bench("overhead: m=8,t=1 hash on the pool", { group: "overhead" }, async () => {
  await tinyHasher.hash(PASSWORD);
});

Deno.bench("lag: idle for 250 ms (timer noise)", { group: "lag", n: 5 }, async () => {
  const stop = watchLag();
  await new Promise((resolve) => setTimeout(resolve, 250));
  worstLag.idle = Math.max(worstLag.idle, stop());
});

Deno.bench("lag: 8 verifies in this thread", { group: "lag", baseline: true, n: 5 }, async () => {
  const stop = watchLag();
  for (let i = 0; i < 8; i++) {
    await reusing(() => argon2Verify({ password: PASSWORD, hash: stored }));
  }
  worstLag.here = Math.max(worstLag.here, stop());
});

Deno.bench("lag: 8 verifies in flight on the pool", { group: "lag", n: 5 }, async () => {
  const stop = watchLag();
  await Promise.all(Array.from({ length: 8 }, () => hasher.verify(PASSWORD, stored)));
  worstLag.pool = Math.max(worstLag.pool, stop());
});
