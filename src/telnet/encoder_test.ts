import assert from "node:assert/strict";
import { ByteWriter } from "../bytes/mod.ts";
import { DO, ECHO, GA, IAC, NAWS, NOP, SB, SE, TTYPE, TTYPE_SEND, WILL } from "./constants.ts";
import {
  IAC_GA,
  IAC_NOP,
  REQUEST_TTYPE,
  writeCommand,
  writeEscaped,
  writeSubnegotiation,
} from "./encoder.ts";
import { decodeInPieces, seededRandom } from "./_recording_handler.ts";

function escaped(data: number[]): number[] {
  const out = new ByteWriter(1);
  writeEscaped(out, new Uint8Array(data));
  return [...out.view()];
}

Deno.test("data without 255 is copied as it is", () => {
  assert.deepEqual(escaped([1, 2, 13, 10, 254]), [1, 2, 13, 10, 254]);
  assert.deepEqual(escaped([]), []);
});

Deno.test("every 255 in data is doubled", () => {
  assert.deepEqual(escaped([255]), [255, 255]);
  assert.deepEqual(escaped([1, 255, 2, 255, 255]), [1, 255, 255, 2, 255, 255, 255, 255]);
  assert.deepEqual(escaped([255, 7]), [255, 255, 7]);
});

Deno.test("escaped data appends after what the writer holds", () => {
  const out = new ByteWriter(2);
  out.byte(9);
  writeEscaped(out, new Uint8Array([255, 8]));
  assert.deepEqual([...out.view()], [9, 255, 255, 8]);
});

Deno.test("escaped random data decodes back to itself", () => {
  const random = seededRandom(856);
  const input = new Uint8Array(50_000).map(() => random() < 0.2 ? 255 : Math.floor(random() * 256));
  const out = new ByteWriter();
  writeEscaped(out, input);
  const decoded = decodeInPieces(out.view(), [], { cookNewlines: false });
  assert.deepEqual(decoded.events, [{ type: "data", bytes: [...input] }]);
});

Deno.test("writeCommand appends IAC verb option", () => {
  const out = new ByteWriter();
  writeCommand(out, WILL, ECHO);
  writeCommand(out, DO, NAWS);
  assert.deepEqual([...out.view()], [IAC, WILL, ECHO, IAC, DO, NAWS]);
});

Deno.test("a verb or option that is not a byte is a RangeError", () => {
  const out = new ByteWriter();
  assert.throws(() => writeCommand(out, 256, ECHO), RangeError);
  assert.throws(() => writeCommand(out, WILL, -1), RangeError);
  assert.throws(() => writeSubnegotiation(out, 1.5, new Uint8Array()), RangeError);
  assert.equal(out.length, 0);
});

Deno.test("writeSubnegotiation frames the payload and doubles its 255s", () => {
  const out = new ByteWriter();
  writeSubnegotiation(out, NAWS, new Uint8Array([0, 255, 0, 24]));
  assert.deepEqual([...out.view()], [IAC, SB, NAWS, 0, 255, 255, 0, 24, IAC, SE]);
  const decoded = decodeInPieces(out.view(), []);
  assert.deepEqual(decoded.events, [
    { type: "subnegotiation", option: NAWS, payload: [0, 255, 0, 24] },
  ]);
});

Deno.test("precomputed sequences hold the RFC bytes", () => {
  assert.deepEqual([...REQUEST_TTYPE], [IAC, SB, TTYPE, TTYPE_SEND, IAC, SE]);
  assert.deepEqual([...IAC_NOP], [IAC, NOP]);
  assert.deepEqual([...IAC_GA], [IAC, GA]);
});
