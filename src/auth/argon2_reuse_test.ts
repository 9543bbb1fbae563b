import assert from "node:assert/strict";
import { argon2id, argon2Verify, blake2b } from "hash-wasm";
import { reuseArgon2Instance } from "./argon2_reuse.ts";

// From the reference implementation (Debian's `argon2` CLI, libargon2 20171227).
const REFERENCE = [
  [
    "correct horse battery staple",
    "$argon2id$v=19$m=19456,t=2,p=1$Y2Fycmllci1zYWx0LTE2Yg$C8zPhA8/VUZFsao9g0UkNqhjFAzIdvup51kvZ5vHr10",
  ],
  [
    "password",
    "$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$2gwotFrXd0+zAFJqh3DHaDnAxcUpU8hrA/whR9a0Ls0",
  ],
  [
    "password",
    "$argon2id$v=19$m=64,t=1,p=2$c29tZXNhbHRzb21lc2FsdA$ipBYxT7h7gJZi0z+oKD6ZLYwqhjiY0woc1PegIyXqVc",
  ],
  [
    "password",
    "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$77X1OtRH9olx3G9mXHJJzKWqXxbc1sXyAxQFftkk7VM",
  ],
  [
    "password",
    "$argon2d$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$PBsbEJvaW4plqqVPMlnaWP2uu+6nkQxszidyn4EQxKw",
  ],
] as const;

Deno.test("a reused argon2 instance gives the reference hashes as memory shrinks and grows", async () => {
  const restore = reuseArgon2Instance();
  try {
    for (const [password, hash] of [...REFERENCE, ...REFERENCE.toReversed(), ...REFERENCE]) {
      assert.equal(await argon2Verify({ password, hash }), true, hash);
    }
  } finally {
    restore();
  }
});

Deno.test("a reused argon2 instance hashes as a fresh one does", async () => {
  const salt = new Uint8Array(16).fill(7);
  const hash = (memorySize: number) =>
    argon2id({ password: "pw", salt, memorySize, iterations: 2, parallelism: 1, hashLength: 32 });
  const sizes = [2048, 64, 1024, 2048, 8];
  const fresh = [];
  for (const size of sizes) fresh.push(await hash(size));
  const restore = reuseArgon2Instance();
  try {
    const reused = [];
    for (const size of sizes) reused.push(await hash(size));
    assert.deepEqual(reused, fresh);
  } finally {
    restore();
  }
});

Deno.test("other wasm still instantiates while argon2 is reused", async () => {
  const restore = reuseArgon2Instance();
  try {
    // BLAKE2b-256 of "abc" (RFC 7693 Appendix A is BLAKE2b-512; this one is from b2sum -l 256).
    assert.equal(
      await blake2b("abc", 256),
      "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
    );
    const module = await WebAssembly.compile(
      new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
    );
    assert.ok(await WebAssembly.instantiate(module) instanceof WebAssembly.Instance);
  } finally {
    restore();
  }
});
