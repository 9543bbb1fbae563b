import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import { BINARY, DO, ECHO, IAC, NAWS, SB, SE, SGA, TTYPE, WILL } from "../telnet/mod.ts";
import { readLine } from "./line_input.ts";
import { type Link, Session } from "./session.ts";

/** A link that records every write, answering each in full at once. */
function recordingLink(): Link & { writes: Uint8Array[]; closed: boolean } {
  const link = {
    remoteAddress: "192.0.2.7",
    writes: [] as Uint8Array[],
    closed: false,
    write(bytes: Uint8Array) {
      link.writes.push(bytes.slice());
      return Promise.resolve(bytes.length);
    },
    close() {
      link.closed = true;
    },
  };
  return link;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function bytes(...parts: (number | string)[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === "number") out.push(part);
    else for (const c of part) out.push(c.charCodeAt(0));
  }
  return Uint8Array.from(out);
}

Deno.test("the negotiation offer goes out in one write", async () => {
  const link = recordingLink();
  const session = new Session(link, 1, { negotiationGraceMs: 20 });
  const negotiated = session.negotiate();
  await tick();
  assert.equal(link.writes.length, 1);
  assert.deepEqual(
    [...link.writes[0]!],
    [
      ...[IAC, WILL, ECHO, IAC, WILL, SGA, IAC, WILL, BINARY],
      ...[IAC, DO, SGA, IAC, DO, NAWS, IAC, DO, TTYPE, IAC, DO, BINARY],
    ],
  );
  await negotiated;
  session.hangup();
});

Deno.test("a telnet client's answers settle negotiation with its terminal type and size", async () => {
  const link = recordingLink();
  const session = new Session(link, 1, { negotiationGraceMs: 10_000 });
  const negotiated = session.negotiate();
  await tick();
  session.receive(bytes(IAC, DO, ECHO, IAC, DO, SGA, IAC, DO, BINARY));
  session.receive(bytes(IAC, WILL, SGA, IAC, WILL, TTYPE, IAC, WILL, NAWS, IAC, WILL, BINARY));
  await tick();
  // Asked for the terminal type only once the client agreed to TTYPE (RFC 1091).
  assert.deepEqual([...link.writes.at(-1)!], [IAC, SB, TTYPE, 1, IAC, SE]);
  session.receive(
    bytes(IAC, SB, NAWS, 0, 132, 0, 50, IAC, SE, IAC, SB, TTYPE, 0, "SyncTERM", IAC, SE),
  );
  await negotiated; // long before the 10 s grace period
  assert.equal(session.terminalType, "SyncTERM");
  assert.equal(session.width, 132);
  assert.equal(session.height, 50);
  assert.equal(session.echoes, true);
  session.hangup();
});

Deno.test("a client that never answers gets defaults after the grace period", async () => {
  const session = new Session(recordingLink(), 1, { negotiationGraceMs: 30 });
  const started = performance.now();
  await session.negotiate();
  assert.ok(performance.now() - started >= 25);
  assert.equal(session.terminalType, "ANSI");
  assert.deepEqual([session.width, session.height], [80, 24]);
  assert.equal(session.echoes, false, "a raw client echoes locally, so the board must not");
  session.hangup();
});

Deno.test("NAWS resizes at any time, clamps silly sizes and ignores zero", () => {
  const session = new Session(recordingLink(), 1, { negotiationGraceMs: 10 });
  let resized = 0;
  session.onResize = () => resized++;
  session.receive(bytes(IAC, SB, NAWS, 0, 100, 0, 30, IAC, SE));
  assert.deepEqual([session.width, session.height, resized], [100, 30, 1]);
  session.receive(bytes(IAC, SB, NAWS, 0, 0, 0, 0, IAC, SE));
  assert.deepEqual([session.width, session.height, resized], [100, 30, 1]);
  session.receive(bytes(IAC, SB, NAWS, 0xff, 0xff, IAC, 0xff, 0, 1, IAC, SE));
  assert.deepEqual([session.width, session.height, resized], [255, 5, 2]);
  session.hangup();
});

Deno.test("a whole screen is one write, and byte 255 is doubled", async () => {
  const link = recordingLink();
  const session = new Session(link, 1, { negotiationGraceMs: 10 });
  session.print("|CL|15Welcome|07\r\n");
  for (let i = 0; i < 40; i++) session.print(`line ${i} ░▒▓█\r\n`);
  session.echo("\u00a0"); // CP437 0xFF
  await session.drain();
  assert.equal(link.writes.length, 1);
  const screen = link.writes[0]!;
  assert.deepEqual([...screen.subarray(-2)], [0xff, 0xff]);
  assert.ok(screen.includes(0xb0) && screen.includes(0xdb), "block glyphs as CP437 bytes");
  session.hangup();
});

Deno.test("typed text is echoed, masked where asked, and Enter returns the line once", async () => {
  const link = recordingLink();
  const session = new Session(link, 1, { negotiationGraceMs: 10 });
  session.receive(bytes(IAC, DO, ECHO));
  await tick();
  link.writes.length = 0;
  const line = readLine(session, { maxLength: 8, mask: "*" });
  session.receive(bytes("secret", 0x7f, "T", "\r\n"));
  assert.equal(await line, "secreT");
  await session.drain();
  const echoed = new TextDecoder().decode(link.writes.at(-1)!);
  assert.equal(echoed, "******\b \b*\r\n");
  session.hangup();
});

Deno.test("a caller who stops reading is cut off instead of buffering forever", async () => {
  let closed = false;
  const stalled: Link = {
    remoteAddress: "192.0.2.8",
    write: () => new Promise(() => {}),
    close: () => closed = true,
  };
  const session = new Session(stalled, 1, { negotiationGraceMs: 10 });
  const hungUp = assert.rejects(
    readLine(session, { maxLength: 10 }),
    (error) => isCarrierError(error, "HANGUP"),
  );
  const chunk = "x".repeat(64 * 1024);
  for (let i = 0; i < 20 && !session.closed; i++) {
    session.echo(chunk);
    await tick();
  }
  assert.ok(session.closed);
  assert.ok(closed);
  await hungUp;
});

Deno.test("AYT gets an answer", async () => {
  const link = recordingLink();
  const session = new Session(link, 4, { negotiationGraceMs: 10 });
  session.receive(bytes(IAC, 246));
  await session.drain();
  assert.match(new TextDecoder().decode(link.writes[0]!), /node 4 is here/);
  session.hangup();
});

Deno.test("a client that never answers BINARY does not hold up the first screen", async () => {
  const session = new Session(recordingLink(), 1, { negotiationGraceMs: 10_000 });
  const negotiated = session.negotiate();
  await tick();
  session.receive(bytes(IAC, DO, ECHO, IAC, WILL, TTYPE, IAC, WILL, NAWS));
  session.receive(bytes(IAC, SB, NAWS, 0, 80, 0, 25, IAC, SE, IAC, SB, TTYPE, 0, "PuTTY", IAC, SE));
  await negotiated;
  assert.equal(session.terminalType, "PuTTY");
  session.hangup();
});

Deno.test("a second disconnect while the goodbye drains says nothing more", async () => {
  const writes: string[] = [];
  let release = () => {};
  let closes = 0;
  const link: Link = {
    remoteAddress: "192.0.2.7",
    write(bytes) {
      writes.push(new TextDecoder().decode(bytes));
      // The first write stalls, as a slow caller's socket does.
      if (writes.length > 1) return Promise.resolve(bytes.length);
      return new Promise((resolve) => release = () => resolve(bytes.length));
    },
    close: () => closes++,
  };
  const session = new Session(link, 1, { negotiationGraceMs: 10 });
  const first = session.disconnect("Goodbye!", 5000);
  await tick();
  const second = session.disconnect("Goodbye!", 5000);
  await tick();
  release();
  await Promise.all([first, second]);
  assert.equal(writes.join("").split("Goodbye!").length - 1, 1);
  assert.equal(closes, 1);
  assert.ok(session.closed);
});

Deno.test("hanging up ends the wait for negotiation, before it starts or during it", async () => {
  for (const hangUpFirst of [true, false]) {
    const session = new Session(recordingLink(), 1, { negotiationGraceMs: 60_000 });
    if (hangUpFirst) session.hangup();
    const negotiated = session.negotiate();
    await tick();
    // A client that negotiates would otherwise be waited for up to four grace periods.
    session.receive(bytes(IAC, WILL, NAWS));
    session.hangup();
    await negotiated;
  }
});
