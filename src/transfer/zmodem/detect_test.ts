import assert from "node:assert/strict";
import { ZmodemDetector } from "./detect.ts";

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function run(chunks: Uint8Array[]) {
  const detector = new ZmodemDetector();
  let passed = "";
  for (const chunk of chunks) {
    const found = detector.push(chunk);
    if (!found) passed += String.fromCharCode(...chunk);
    else {
      return {
        passed: passed + String.fromCharCode(...found.before),
        kind: found.kind,
        before: String.fromCharCode(...found.before),
        head: String.fromCharCode(...found.head),
        rest: String.fromCharCode(...found.rest),
      };
    }
  }
  return undefined;
}

Deno.test("typed input without a sentry passes untouched", () => {
  assert.equal(run([latin1("hello ** world *\x18 B00")]), undefined);
});

Deno.test("sz's ZRQINIT is an upload, rz's ZRINIT a download", () => {
  assert.deepEqual(run([latin1("rz\r**\x18B00000000000000\r\x8a\x11")]), {
    passed: "rz\r",
    kind: "upload",
    before: "rz\r",
    head: "**\x18B00",
    rest: "000000000000\r\x8a\x11",
  });
  assert.equal(run([latin1("**\x18B0100000023be50\r\x8a\x11")])?.kind, "download");
});

Deno.test("the sentry is found wherever the input is split", () => {
  const wire = latin1("abc**\x18B0100000023be50");
  for (let k = 0; k <= wire.length; k++) {
    const found = run([wire.subarray(0, k), wire.subarray(k)]);
    assert.equal(found?.kind, "download", `split at ${k}`);
    assert.equal(found?.head, "**\x18B01");
    // Bytes of a sentry split across chunks already went to the terminal; none are lost.
    assert.ok("abc**\x18B0".startsWith(found!.passed), `split at ${k}`);
    assert.ok(found!.passed.startsWith("abc"));
    assert.ok("00000023be50".startsWith(found!.rest));
    if (k <= 8) assert.equal(found!.rest, "00000023be50");
  }
  for (let a = 1; a < wire.length; a++) {
    for (let b = a + 1; b < wire.length; b++) {
      const found = run([wire.subarray(0, a), wire.subarray(a, b), wire.subarray(b)]);
      assert.equal(found?.kind, "download", `split at ${a}, ${b}`);
    }
  }
});

Deno.test("a near miss across chunks is not a sentry", () => {
  assert.equal(run([latin1("**\x18B"), latin1("02")]), undefined);
  assert.equal(run([latin1("*"), latin1("x\x18B00")]), undefined);
});
