import assert from "node:assert/strict";
import { ByteWriter } from "../bytes/mod.ts";
import {
  DO,
  ECHO,
  IAC,
  NAWS,
  parseNaws,
  parseTtype,
  REQUEST_TTYPE,
  SB,
  SE,
  SGA,
  TelnetDecoder,
  TelnetOptions,
  TTYPE,
  TTYPE_IS,
  WILL,
  type WindowSize,
  writeCommand,
  writeEscaped,
} from "./mod.ts";

/** The telnet half of a session, wired only through mod.ts. */
function telnetSession() {
  const out = new ByteWriter();
  const typed: number[] = [];
  const seen: { size: WindowSize | undefined; terminal: string } = {
    size: undefined,
    terminal: "",
  };
  const options = new TelnetOptions({ local: [ECHO, SGA], remote: [NAWS, TTYPE, SGA] }, {
    send: (verb, option) => writeCommand(out, verb, option),
    changed: (option, side, enabled) => {
      if (option === TTYPE && side === "remote" && enabled) out.bytes(REQUEST_TTYPE);
    },
  });
  const decoder = new TelnetDecoder({
    data: (bytes) => typed.push(...bytes),
    command: () => {},
    negotiate: (verb, option) => options.receive(verb, option),
    subnegotiation: (option, payload) => {
      if (option === NAWS) seen.size = parseNaws(payload);
      if (option === TTYPE) seen.terminal = parseTtype(payload) ?? "";
    },
  });
  return { out, typed, seen, options, decoder };
}

Deno.test("a caller's negotiation, window size, terminal type and typing reach the session", () => {
  const { out, typed, seen, options, decoder } = telnetSession();
  for (const option of [ECHO, SGA]) options.enableLocal(option);
  for (const option of [NAWS, TTYPE]) options.enableRemote(option);
  assert.deepEqual(
    [...out.view()],
    [IAC, WILL, ECHO, IAC, WILL, SGA, IAC, DO, NAWS, IAC, DO, TTYPE],
  );
  out.clear();

  // What a typical client answers, split awkwardly across reads.
  // deno-fmt-ignore
  const client = [
    IAC, DO, ECHO, IAC, DO, SGA, IAC, WILL, NAWS, IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE,
    IAC, WILL, TTYPE, IAC, SB, TTYPE, TTYPE_IS, ...new TextEncoder().encode("ANSI"), IAC, SE,
    ...new TextEncoder().encode("sysop\r\0pass\r\n"),
  ];
  decoder.push(new Uint8Array(client.slice(0, 7)));
  decoder.push(new Uint8Array(client.slice(7, 30)));
  decoder.push(new Uint8Array(client.slice(30)));

  assert.deepEqual(seen, { size: { width: 80, height: 24 }, terminal: "ANSI" });
  assert.equal(new TextDecoder().decode(new Uint8Array(typed)), "sysop\rpass\r");
  assert.deepEqual([...out.view()], [...REQUEST_TTYPE], "confirmations need no reply");
  assert.equal(options.pending(), false);
  assert.equal(options.isLocal(ECHO) && options.isRemote(NAWS) && options.isRemote(TTYPE), true);
});

Deno.test("bytes the session writes escaped come back out of a decoder unchanged", () => {
  const { decoder, typed } = telnetSession();
  decoder.cookNewlines = false;
  const screen = new Uint8Array(256).map((_, i) => i);
  const out = new ByteWriter();
  writeEscaped(out, screen);
  decoder.push(out.view());
  assert.deepEqual(typed, [...screen]);
});
