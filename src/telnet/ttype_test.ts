import assert from "node:assert/strict";
import { TTYPE_IS, TTYPE_SEND } from "./constants.ts";
import { parseTtype } from "./ttype.ts";

function payload(command: number, name: string): Uint8Array {
  return new Uint8Array([command, ...[...name].map((c) => c.charCodeAt(0))]);
}

Deno.test("IS and a name give the name as sent", () => {
  assert.equal(parseTtype(payload(TTYPE_IS, "xterm-256color")), "xterm-256color");
  assert.equal(parseTtype(payload(TTYPE_IS, "ANSI")), "ANSI");
});

Deno.test("control and high bytes are left out of the name", () => {
  assert.equal(parseTtype(payload(TTYPE_IS, "VT\x1b[2J100\xff\r\n")), "VT[2J100");
});

Deno.test("a name is cut at 40 characters", () => {
  assert.equal(parseTtype(payload(TTYPE_IS, "A".repeat(100))), "A".repeat(40));
});

Deno.test("SEND, an empty name or a name of nothing printable is undefined", () => {
  assert.equal(parseTtype(payload(TTYPE_SEND, "ANSI")), undefined);
  assert.equal(parseTtype(payload(TTYPE_IS, "")), undefined);
  assert.equal(parseTtype(payload(TTYPE_IS, "\x00\x01\x7f")), undefined);
  assert.equal(parseTtype(new Uint8Array()), undefined);
});
