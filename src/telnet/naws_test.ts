import assert from "node:assert/strict";
import { parseNaws } from "./naws.ts";

Deno.test("a 4-byte NAWS payload is width and height, big-endian", () => {
  assert.deepEqual(parseNaws(new Uint8Array([0, 80, 0, 24])), { width: 80, height: 24 });
  assert.deepEqual(parseNaws(new Uint8Array([1, 44, 255, 255])), { width: 300, height: 65535 });
});

Deno.test("zero sizes are kept, meaning the client does not know", () => {
  assert.deepEqual(parseNaws(new Uint8Array(4)), { width: 0, height: 0 });
});

Deno.test("a NAWS payload that is not 4 bytes is undefined", () => {
  assert.equal(parseNaws(new Uint8Array([0, 80, 0])), undefined);
  assert.equal(parseNaws(new Uint8Array([0, 80, 0, 24, 0])), undefined);
  assert.equal(parseNaws(new Uint8Array()), undefined);
});
