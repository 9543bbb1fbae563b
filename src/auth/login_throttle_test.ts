import assert from "node:assert/strict";
import { LoginThrottle, type LoginThrottleOptions } from "./login_throttle.ts";

const MINUTE = 60_000;

function throttleAt(start: number, options: LoginThrottleOptions = {}) {
  const clock = { now: start };
  const throttle = new LoginThrottle({ ...options, now: () => clock.now });
  return { clock, throttle };
}

Deno.test("the delay doubles with each failure up to the ceiling", () => {
  const { throttle } = throttleAt(0, { lockAfter: 100 });
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 0);
  const delays = [];
  for (let i = 0; i < 7; i++) {
    throttle.recordFailure("10.0.0.1", "sysop");
    delays.push(throttle.delayMs("10.0.0.1", "sysop"));
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
});

Deno.test("the delay follows the worse of the IP and the handle", () => {
  const { throttle } = throttleAt(0, { lockAfter: 100 });
  for (let i = 0; i < 3; i++) throttle.recordFailure("10.0.0.1", `guess-${i}`);
  throttle.recordFailure("10.0.0.2", "sysop");
  // The IP failed 3 times, the handle once: the IP decides.
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 2000);
  // A fresh IP on a handle that failed once.
  assert.equal(throttle.delayMs("10.0.0.9", "sysop"), 500);
  assert.equal(throttle.delayMs("10.0.0.9", "nobody"), 0);
});

Deno.test("the handle locks after lockAfter failures, from any IPs", () => {
  const { clock, throttle } = throttleAt(1_000, { lockAfter: 3, lockMs: 5 * MINUTE });
  throttle.recordFailure("10.0.0.1", "sysop");
  throttle.recordFailure("10.0.0.2", "sysop");
  assert.equal(throttle.lockedUntil("10.0.0.3", "sysop"), undefined);
  clock.now = 2_000;
  throttle.recordFailure("10.0.0.3", "sysop");
  assert.equal(throttle.lockedUntil("10.0.0.4", "sysop"), 2_000 + 5 * MINUTE);
  assert.equal(throttle.lockedUntil("10.0.0.4", "guest"), undefined);
});

Deno.test("the IP locks after lockAfter failures on any handles", () => {
  const { throttle } = throttleAt(0, { lockAfter: 3 });
  for (const handle of ["a", "b", "c"]) throttle.recordFailure("10.0.0.1", handle);
  assert.equal(throttle.lockedUntil("10.0.0.1", "d"), 15 * MINUTE);
  assert.equal(throttle.lockedUntil("10.0.0.2", "d"), undefined);
});

Deno.test("a lock ends lockMs after the failure that set it", () => {
  const { clock, throttle } = throttleAt(0, { lockAfter: 2, lockMs: MINUTE, windowMs: MINUTE });
  throttle.recordFailure("10.0.0.1", "sysop");
  throttle.recordFailure("10.0.0.1", "sysop");
  clock.now = MINUTE - 1;
  assert.equal(throttle.lockedUntil("10.0.0.1", "sysop"), MINUTE);
  clock.now = MINUTE;
  assert.equal(throttle.lockedUntil("10.0.0.1", "sysop"), undefined);
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 0);
});

Deno.test("with a window longer than the lock, one more failure locks again", () => {
  const { clock, throttle } = throttleAt(0, {
    lockAfter: 2,
    lockMs: MINUTE,
    windowMs: 10 * MINUTE,
  });
  throttle.recordFailure("10.0.0.1", "sysop");
  throttle.recordFailure("10.0.0.1", "sysop");
  clock.now = 2 * MINUTE;
  assert.equal(throttle.lockedUntil("10.0.0.1", "sysop"), undefined);
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 1000);
  throttle.recordFailure("10.0.0.1", "sysop");
  assert.equal(throttle.lockedUntil("10.0.0.1", "sysop"), 3 * MINUTE);
});

Deno.test("a success clears the handle and the IP but not other handles", () => {
  const { throttle } = throttleAt(0, { lockAfter: 3 });
  throttle.recordFailure("10.0.0.1", "sysop");
  throttle.recordFailure("10.0.0.1", "sysop");
  throttle.recordFailure("10.0.0.2", "guest");
  throttle.recordFailure("10.0.0.2", "guest");
  throttle.recordFailure("10.0.0.1", "guest");
  assert.equal(throttle.lockedUntil("10.0.0.9", "guest"), 15 * MINUTE);
  throttle.recordSuccess("10.0.0.1", "sysop");
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 0);
  // guest failed 3 times, from both IPs; its lock stands.
  assert.equal(throttle.lockedUntil("10.0.0.1", "guest"), 15 * MINUTE);
  assert.equal(throttle.delayMs("10.0.0.1", "guest"), 2000);
});

Deno.test("failures are forgotten once the window passes without one", () => {
  const { clock, throttle } = throttleAt(0, { windowMs: 10 * MINUTE });
  throttle.recordFailure("10.0.0.1", "sysop");
  clock.now = 9 * MINUTE;
  throttle.recordFailure("10.0.0.1", "sysop");
  // Each failure came within the window of the one before, so both count.
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 1000);
  clock.now = 19 * MINUTE - 1;
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 1000);
  clock.now = 19 * MINUTE;
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 0);
  assert.deepEqual(throttle.size, { ips: 0, handles: 0 });
  throttle.recordFailure("10.0.0.1", "sysop");
  assert.equal(throttle.delayMs("10.0.0.1", "sysop"), 500);
});

Deno.test("memory stays bounded under 100k distinct IPs, keeping the latest", () => {
  const { clock, throttle } = throttleAt(0, { maxEntries: 1000 });
  for (let i = 0; i < 100_000; i++) {
    clock.now = i;
    throttle.recordFailure(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, "sysop");
    assert.ok(throttle.size.ips <= 1000);
  }
  assert.deepEqual(throttle.size, { ips: 1000, handles: 1 });
  assert.equal(throttle.delayMs("10.1.134.159", "guest"), 500, "the last IP is kept");
  assert.equal(throttle.delayMs("10.0.0.5", "guest"), 0, "an early one was pushed out");
  assert.equal(throttle.lockedUntil("10.0.0.0", "sysop"), 99_999 + 15 * MINUTE);
});

Deno.test("a failing key moves to the back of the eviction order", () => {
  const { throttle } = throttleAt(0, { maxEntries: 3, lockAfter: 100 });
  for (const ip of ["a", "b", "c"]) throttle.recordFailure(ip, "h");
  throttle.recordFailure("a", "h");
  throttle.recordFailure("d", "h");
  assert.equal(throttle.delayMs("a", "x"), 1000);
  assert.equal(throttle.delayMs("b", "x"), 0);
  assert.equal(throttle.delayMs("c", "x"), 500);
});

Deno.test("expired keys are dropped as new ones arrive", () => {
  const { clock, throttle } = throttleAt(0, { windowMs: MINUTE });
  for (let i = 0; i < 100; i++) throttle.recordFailure(`ip-${i}`, `handle-${i}`);
  clock.now = MINUTE;
  throttle.recordFailure("ip-new", "handle-new");
  assert.deepEqual(throttle.size, { ips: 1, handles: 1 });
});

Deno.test("negative durations and zero counts are a RangeError", () => {
  assert.throws(() => new LoginThrottle({ baseDelayMs: -1 }), RangeError);
  assert.throws(() => new LoginThrottle({ windowMs: Number.NaN }), RangeError);
  assert.throws(() => new LoginThrottle({ lockAfter: 0 }), RangeError);
  assert.throws(() => new LoginThrottle({ maxEntries: 0.5 }), RangeError);
});
