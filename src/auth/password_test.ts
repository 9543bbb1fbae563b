import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import { PasswordHasher } from "./password.ts";
import type { PasswordParams } from "./password_params.ts";

// Small enough for quick tests; one test below runs the OWASP defaults.
const FAST: PasswordParams = { memoryKiB: 256, iterations: 1, parallelism: 1 };

// Made by the reference implementation (Debian's `argon2` CLI, libargon2 20171227), e.g.
// `echo -n "password" | argon2 somesaltsomesalt -id -t 1 -k 4096 -p 1 -l 32 -e`.
const REFERENCE = [
  {
    password: "correct horse battery staple",
    encoded:
      "$argon2id$v=19$m=19456,t=2,p=1$Y2Fycmllci1zYWx0LTE2Yg$C8zPhA8/VUZFsao9g0UkNqhjFAzIdvup51kvZ5vHr10",
  },
  {
    password: "password",
    encoded:
      "$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$2gwotFrXd0+zAFJqh3DHaDnAxcUpU8hrA/whR9a0Ls0",
  },
  {
    password: "password",
    encoded:
      "$argon2id$v=19$m=64,t=1,p=2$c29tZXNhbHRzb21lc2FsdA$ipBYxT7h7gJZi0z+oKD6ZLYwqhjiY0woc1PegIyXqVc",
  },
];
const REFERENCE_ARGON2I =
  "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$77X1OtRH9olx3G9mXHJJzKWqXxbc1sXyAxQFftkk7VM";

function isShutdown(error: unknown): boolean {
  return isCarrierError(error, "SHUTDOWN");
}

Deno.test("a hash is a PHC argon2id string with the OWASP parameters by default", async () => {
  const hasher = new PasswordHasher({ workers: 1 });
  try {
    const encoded = await hasher.hash("correct horse battery staple");
    // 16 bytes of salt and 32 of hash, unpadded base64.
    assert.match(
      encoded,
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    assert.deepEqual(await hasher.verify("correct horse battery staple", encoded), {
      ok: true,
      needsRehash: false,
    });
    assert.notEqual(await hasher.hash("correct horse battery staple"), encoded, "salt is fresh");
  } finally {
    await hasher.close();
  }
});

Deno.test("the right password matches and a wrong one does not", async () => {
  const hasher = new PasswordHasher({ params: FAST, workers: 1 });
  try {
    const encoded = await hasher.hash("hunter2");
    assert.deepEqual(await hasher.verify("hunter2", encoded), { ok: true, needsRehash: false });
    assert.deepEqual(await hasher.verify("hunter3", encoded), { ok: false, needsRehash: false });
    assert.deepEqual(await hasher.verify("Hunter2", encoded), { ok: false, needsRehash: false });
  } finally {
    await hasher.close();
  }
});

Deno.test("an unknown handle is refused", async () => {
  const hasher = new PasswordHasher({ params: FAST, workers: 1 });
  try {
    assert.deepEqual(await hasher.verify("anything", undefined), { ok: false, needsRehash: false });
    assert.deepEqual(await hasher.verify("", undefined), { ok: false, needsRehash: false });
    // The stand-in hash is made once and reused.
    assert.deepEqual(await hasher.verify("again", undefined), { ok: false, needsRehash: false });
  } finally {
    await hasher.close();
  }
});

Deno.test("hashes from the reference argon2 match, whatever their size and order", async () => {
  const hasher = new PasswordHasher({ workers: 1 });
  try {
    // One worker runs them all, so its reused argon2 memory shrinks and grows between hashes.
    for (const { password, encoded } of [...REFERENCE, ...REFERENCE.toReversed()]) {
      const check = await hasher.verify(password, encoded);
      assert.equal(check.ok, true, encoded);
      assert.equal((await hasher.verify(password + "!", encoded)).ok, false, encoded);
    }
  } finally {
    await hasher.close();
  }
});

Deno.test("a match made with older parameters asks for a rehash", async () => {
  const old = new PasswordHasher({ params: { memoryKiB: 4096, iterations: 1, parallelism: 1 } });
  const current = new PasswordHasher({ params: FAST, workers: 1 });
  try {
    const stored = await old.hash("letmein");
    assert.deepEqual(await current.verify("letmein", stored), { ok: true, needsRehash: true });
    assert.deepEqual(await current.verify("letme1n", stored), { ok: false, needsRehash: false });
    const fresh = await current.hash("letmein");
    assert.deepEqual(await current.verify("letmein", fresh), { ok: true, needsRehash: false });
  } finally {
    await old.close();
    await current.close();
  }
});

Deno.test("a match on argon2i asks for a rehash to argon2id", async () => {
  const hasher = new PasswordHasher({
    params: { memoryKiB: 64, iterations: 1, parallelism: 1 },
    workers: 1,
  });
  try {
    assert.deepEqual(await hasher.verify("password", REFERENCE_ARGON2I), {
      ok: true,
      needsRehash: true,
    });
  } finally {
    await hasher.close();
  }
});

Deno.test("a malformed stored hash is refused without throwing", async () => {
  const hasher = new PasswordHasher({ params: FAST, workers: 1 });
  const good = REFERENCE[1]!.encoded;
  const malformed = [
    "",
    "hunter2",
    "$2b$10$abcdefghijklmnopqrstuu",
    good.replace("v=19", "v=16"),
    good.replace("m=4096,t=1,p=1", "t=1,m=4096,p=1"),
    good.replace("m=4096", "m=4"),
    good.replace("t=1", "t=0"),
    good.replace("p=1", "p=0"),
    good.replace("m=4096", "m=99999999999"),
    good.replace("c29tZXNhbHRzb21lc2FsdA", "c29tZQ"),
    good.replace("c29tZXNhbHRzb21lc2FsdA", "29tZXNhbHRzb21lc2FsdA"),
    good.slice(0, -1) + "!",
    good + "$",
    good.slice(0, good.lastIndexOf("$")),
  ];
  try {
    for (const encoded of malformed) {
      assert.deepEqual(await hasher.verify("password", encoded), { ok: false, needsRehash: false });
    }
  } finally {
    await hasher.close();
  }
});

Deno.test("an empty password never matches and cannot be hashed", async () => {
  const hasher = new PasswordHasher({ params: FAST, workers: 1 });
  try {
    const stored = await hasher.hash("x");
    assert.deepEqual(await hasher.verify("", stored), { ok: false, needsRehash: false });
    await assert.rejects(hasher.hash(""), RangeError);
  } finally {
    await hasher.close();
  }
});

Deno.test("many jobs through a small pool each get their own answer", async () => {
  const hasher = new PasswordHasher({ params: { ...FAST, memoryKiB: 64 }, workers: 2 });
  try {
    const passwords = Array.from({ length: 12 }, (_, i) => `caller-${i}`);
    const stored = await Promise.all(passwords.map((p) => hasher.hash(p)));
    const checks = await Promise.all(
      passwords.flatMap((p, i) => [hasher.verify(p, stored[i]), hasher.verify(p, stored[i + 1])]),
    );
    checks.forEach((check, j) => assert.equal(check.ok, j % 2 === 0, `check ${j}`));
  } finally {
    await hasher.close();
  }
});

Deno.test("hashing in the pool keeps the event loop responsive", async () => {
  const hasher = new PasswordHasher({
    params: { memoryKiB: 8192, iterations: 2, parallelism: 1 },
    workers: 2,
  });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    await Promise.all([1, 2, 3, 4].map((i) => hasher.hash(`password ${i}`)));
  } finally {
    clearInterval(timer);
    await hasher.close();
  }
  assert.ok(ticks >= 3, `the 5 ms timer fired ${ticks} times`);
});

Deno.test("close rejects queued and later calls with SHUTDOWN", async () => {
  const hasher = new PasswordHasher({ params: FAST, workers: 1 });
  const stored = await hasher.hash("before");
  const pending = [hasher.hash("a"), hasher.hash("b"), hasher.verify("c", stored)];
  await hasher.close();
  for (const call of pending) await assert.rejects(call, isShutdown);
  await assert.rejects(hasher.hash("after"), isShutdown);
  await assert.rejects(hasher.verify("after", stored), isShutdown);
  await assert.rejects(hasher.verify("after", undefined), isShutdown);
  await hasher.close();
});

Deno.test("close right after warm leaves nothing running", async () => {
  const hasher = new PasswordHasher({ workers: 2 });
  hasher.warm();
  hasher.warm();
  await hasher.close();
  hasher.warm();
});

Deno.test("a warmed pool checks unknown handles with the stand-in it made", async () => {
  const hasher = new PasswordHasher({ params: FAST, workers: 2 });
  try {
    hasher.warm();
    assert.deepEqual(await hasher.verify("who?", undefined), { ok: false, needsRehash: false });
  } finally {
    await hasher.close();
  }
});

/** A real worker that, for the next `crashes` jobs, reports an uncaught error instead. */
class CrashingWorker extends Worker {
  static crashes = 0;
  static spawned = 0;

  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    CrashingWorker.spawned++;
  }

  override postMessage(
    message: unknown,
    options?: Transferable[] | StructuredSerializeOptions,
  ): void {
    if (CrashingWorker.crashes === 0) {
      return super.postMessage(message, options as StructuredSerializeOptions);
    }
    CrashingWorker.crashes--;
    setTimeout(() => this.dispatchEvent(new ErrorEvent("error", { message: "boom" })), 0);
  }
}

async function withCrashingWorkers(crashes: number, run: () => Promise<void>): Promise<number> {
  const RealWorker = globalThis.Worker;
  CrashingWorker.crashes = crashes;
  CrashingWorker.spawned = 0;
  globalThis.Worker = CrashingWorker;
  try {
    await run();
  } finally {
    globalThis.Worker = RealWorker;
  }
  return CrashingWorker.spawned;
}

Deno.test("a job whose worker dies is run again on a fresh worker", async () => {
  const hasher = new PasswordHasher({ params: FAST, workers: 1 });
  try {
    const spawned = await withCrashingWorkers(1, async () => {
      const stored = await hasher.hash("survivor");
      assert.equal((await hasher.verify("survivor", stored)).ok, true);
    });
    assert.equal(spawned, 2);
  } finally {
    await hasher.close();
  }
});

Deno.test("a job whose worker dies twice is rejected, and the pool carries on", async () => {
  const hasher = new PasswordHasher({ params: FAST, workers: 1 });
  try {
    const spawned = await withCrashingWorkers(2, async () => {
      await assert.rejects(hasher.hash("doomed"), (error: unknown) => {
        assert.ok(isShutdown(error));
        assert.match((error as Error).message, /worker failed twice/);
        return true;
      });
      assert.match(await hasher.hash("next"), /^\$argon2id\$/);
    });
    assert.equal(spawned, 3);
  } finally {
    await hasher.close();
  }
});

Deno.test("nonsense parameters and worker counts are a RangeError", () => {
  const bad: PasswordParams[] = [
    { memoryKiB: 7, iterations: 1, parallelism: 1 },
    { memoryKiB: 15, iterations: 1, parallelism: 2 },
    { memoryKiB: 4096, iterations: 0, parallelism: 1 },
    { memoryKiB: 4096, iterations: 1, parallelism: 0 },
    { memoryKiB: 4096.5, iterations: 1, parallelism: 1 },
    { memoryKiB: 4096, iterations: Number.NaN, parallelism: 1 },
    { memoryKiB: 4 * 1024 * 1024, iterations: 1, parallelism: 1 },
  ];
  for (const params of bad) {
    assert.throws(() => new PasswordHasher({ params }), RangeError, JSON.stringify(params));
  }
  assert.throws(() => new PasswordHasher({ workers: 0 }), RangeError);
  assert.throws(() => new PasswordHasher({ workers: 1.5 }), RangeError);
});
