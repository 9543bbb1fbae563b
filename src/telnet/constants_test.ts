import assert from "node:assert/strict";
import * as telnet from "./constants.ts";

Deno.test("commands have their RFC 854 codes", () => {
  const { IAC, DONT, DO, WONT, WILL, SB, GA, EL, EC, AYT, AO, IP, BRK, DM, NOP, SE } = telnet;
  assert.deepEqual(
    [IAC, DONT, DO, WONT, WILL, SB, GA, EL, EC, AYT, AO, IP, BRK, DM, NOP, SE],
    [255, 254, 253, 252, 251, 250, 249, 248, 247, 246, 245, 244, 243, 242, 241, 240],
  );
});

Deno.test("options and subcommands have their RFC codes", () => {
  const { BINARY, ECHO, SGA, TTYPE, NAWS, TTYPE_IS, TTYPE_SEND, CR, LF, NUL } = telnet;
  assert.deepEqual([BINARY, ECHO, SGA, TTYPE, NAWS], [0, 1, 3, 24, 31]);
  assert.deepEqual([TTYPE_IS, TTYPE_SEND], [0, 1]);
  assert.deepEqual([CR, LF, NUL], [13, 10, 0]);
});
