import assert from "node:assert/strict";
import {
  AO,
  AYT,
  BINARY,
  BRK,
  DM,
  DO,
  DONT,
  EC,
  EL,
  GA,
  IAC,
  IP,
  NAWS,
  NOP,
  SB,
  SE,
  TTYPE,
  WILL,
  WONT,
} from "./constants.ts";
import { TelnetDecoder } from "./decoder.ts";
import {
  assertEverySplit,
  bytes,
  data,
  decodeInPieces,
  RecordingHandler,
  seededRandom,
  type TelnetEvent,
} from "./_recording_handler.ts";

function command(code: number): TelnetEvent {
  return { type: "command", code };
}
function negotiate(verb: number, option: number): TelnetEvent {
  return { type: "negotiate", verb, option };
}
function sub(option: number, ...payload: number[]): TelnetEvent {
  return { type: "subnegotiation", option, payload };
}

Deno.test("plain text is one data call with a view of the chunk", () => {
  const chunk = bytes("Hello, caller");
  const seen: Uint8Array[] = [];
  const decoder = new TelnetDecoder({
    data: (b) => seen.push(b),
    command: () => assert.fail("no command"),
    negotiate: () => assert.fail("no negotiation"),
    subnegotiation: () => assert.fail("no subnegotiation"),
  });
  decoder.push(chunk);
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.buffer, chunk.buffer);
  assert.deepEqual([...seen[0]!], [...chunk]);
});

Deno.test("raw data without IAC is passed through as the same array", () => {
  const chunk = bytes("a\r\nb\r\0c\n");
  const seen: Uint8Array[] = [];
  const handler = new RecordingHandler();
  handler.data = (b) => void seen.push(b);
  const decoder = new TelnetDecoder(handler);
  decoder.cookNewlines = false;
  decoder.push(chunk);
  assert.equal(seen.length, 1);
  assert.equal(seen[0], chunk);
});

Deno.test("text between commands is one data call per run", () => {
  const handler = new RecordingHandler();
  new TelnetDecoder(handler).push(bytes("one", IAC, NOP, "two", IAC, WILL, NAWS, "three"));
  assert.equal(handler.dataCalls, 3);
});

Deno.test("IAC IAC is one data byte 255", () => {
  assertEverySplit(bytes("a", IAC, IAC, "b", IAC, IAC, IAC, IAC), [data("a", 255, "b", 255, 255)]);
});

Deno.test("IAC IAC is one data byte 255 with cooking off", () => {
  assertEverySplit(bytes("a", IAC, IAC, "\r\n", IAC, IAC), [data("a", 255, "\r\n", 255)], {
    cookNewlines: false,
  });
});

Deno.test("every two-byte command reaches command", () => {
  const codes = [NOP, DM, BRK, IP, AO, AYT, EC, EL, GA, SE];
  const input = bytes("x", ...codes.flatMap((c) => [IAC, c]), "y");
  assertEverySplit(input, [data("x"), ...codes.map(command), data("y")]);
});

Deno.test("IAC followed by a code RFC 854 does not define is passed to command", () => {
  assertEverySplit(bytes("a", IAC, 65, "b"), [data("a"), command(65), data("b")]);
});

Deno.test("IAC split across chunks is still a command", () => {
  const handler = new RecordingHandler();
  const decoder = new TelnetDecoder(handler);
  decoder.push(bytes("abc", IAC));
  decoder.push(bytes(AYT, "def"));
  assert.deepEqual(handler.events, [data("abc"), command(AYT), data("def")]);
});

Deno.test("WILL, WONT, DO and DONT reach negotiate with their option", () => {
  assertEverySplit(
    bytes(IAC, WILL, 1, IAC, WONT, 3, "z", IAC, DO, 31, IAC, DONT, 255),
    [negotiate(WILL, 1), negotiate(WONT, 3), data("z"), negotiate(DO, 31), negotiate(DONT, 255)],
  );
});

Deno.test("a NAWS subnegotiation delivers its payload", () => {
  assertEverySplit(
    bytes("a", IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE, "b"),
    [data("a"), sub(NAWS, 0, 80, 0, 24), data("b")],
  );
});

Deno.test("IAC IAC inside a subnegotiation is one 255", () => {
  assertEverySplit(
    bytes(IAC, SB, NAWS, 0, IAC, IAC, IAC, IAC, 0, IAC, SE),
    [sub(NAWS, 0, 255, 255, 0)],
  );
});

Deno.test("an empty subnegotiation delivers an empty payload", () => {
  assertEverySplit(bytes(IAC, SB, TTYPE, IAC, SE), [sub(TTYPE)]);
});

Deno.test("IAC and another byte inside a subnegotiation are ignored, SB goes on", () => {
  assertEverySplit(
    bytes(IAC, SB, TTYPE, 0, "a", IAC, NOP, "b", IAC, WILL, "c", IAC, SE, "d"),
    [sub(TTYPE, 0, 0x61, 0x62, 0x63), data("d")],
  );
});

Deno.test("SB option 255 and CR inside the payload are taken as they are", () => {
  assertEverySplit(bytes(IAC, SB, IAC, 13, 10, IAC, SE), [sub(255, 13, 10)]);
});

Deno.test("CR NUL is one Enter", () => {
  assertEverySplit(bytes("a\r\0b"), [data("a\rb")]);
});

Deno.test("CR LF is one Enter", () => {
  assertEverySplit(bytes("a\r\nb\r\n"), [data("a\rb\r")]);
});

Deno.test("a bare LF is one Enter", () => {
  assertEverySplit(bytes("a\nb\n\n"), [data("a\rb\r\r")]);
});

Deno.test("a bare CR stays CR", () => {
  assertEverySplit(bytes("a\rb\r"), [data("a\rb\r")]);
});

Deno.test("CR CR LF is two Enters", () => {
  assertEverySplit(bytes("\r\r\n"), [data("\r\r")]);
});

Deno.test("NUL that does not follow CR is data", () => {
  assertEverySplit(bytes("a\0b\n\0"), [data("a\0b\r\0")]);
});

Deno.test("CR, IAC NOP, LF is still one Enter", () => {
  assertEverySplit(bytes("a\r", IAC, NOP, "\nb"), [data("a\r"), command(NOP), data("b")]);
});

Deno.test("CR, negotiations and a subnegotiation, NUL is still one Enter", () => {
  assertEverySplit(
    bytes("\r", IAC, DO, 1, IAC, SB, NAWS, 0, 80, 0, 25, IAC, SE, IAC, NOP, "\0x"),
    [data("\r"), negotiate(DO, 1), sub(NAWS, 0, 80, 0, 25), command(NOP), data("x")],
  );
});

Deno.test("CR then data 255 ends the wait, so a later LF is an Enter", () => {
  assertEverySplit(bytes("\r", IAC, IAC, "\n"), [data("\r", 255, "\r")]);
});

Deno.test("with cooking off CR LF, CR NUL and LF pass through untouched", () => {
  assertEverySplit(bytes("a\r\nb\r\0c\n", IAC, NOP, "\r"), [
    data("a\r\nb\r\0c\n"),
    command(NOP),
    data("\r"),
  ], { cookNewlines: false });
});

Deno.test("turning cooking off in a handler applies to the rest of the chunk", () => {
  const handler = new RecordingHandler();
  const decoder = new TelnetDecoder(handler);
  handler.negotiate = (verb, option) => {
    if (verb === DO && option === BINARY) decoder.cookNewlines = false;
  };
  decoder.push(bytes("a\r\n", IAC, DO, BINARY, "b\r\n"));
  assert.deepEqual(handler.events, [data("a\rb\r\n")]);
});

Deno.test("a subnegotiation at the limit is kept, one byte more is dropped and counted", () => {
  const options = { maxSubnegotiation: 4 };
  assertEverySplit(
    bytes(IAC, SB, 24, 1, IAC, IAC, 3, 4, IAC, SE),
    [sub(24, 1, 255, 3, 4)],
    options,
  );
  const input = bytes("a", IAC, SB, 24, 1, 2, 3, 4, 5, IAC, SE, "b", IAC, NOP);
  assertEverySplit(input, [data("ab"), command(NOP)], options);
  assert.equal(decodeInPieces(input, [], options).dropped, 1);
  assert.equal(decodeInPieces(input, [5, 9], options).dropped, 1);
});

Deno.test("a 1 MB subnegotiation is dropped, counted, and data after it still arrives", () => {
  const big = new Uint8Array(1 << 20).fill(0x41);
  const input = new Uint8Array([...bytes(IAC, SB, TTYPE), ...big, ...bytes(IAC, SE, "after\r\n")]);
  const handler = new RecordingHandler();
  const decoder = new TelnetDecoder(handler);
  for (let at = 0; at < input.length; at += 4096) {
    decoder.push(input.subarray(at, at + 4096));
    assert.ok(decoder.subnegotiationCapacity <= 8192);
  }
  assert.equal(decoder.droppedSubnegotiations, 1);
  assert.deepEqual(handler.events, [data("after\r")]);
  decoder.push(bytes(IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE));
  assert.deepEqual(handler.events.at(-1), sub(NAWS, 0, 80, 0, 24));
});

Deno.test("the subnegotiation buffer shrinks back after a big payload", () => {
  const handler = new RecordingHandler();
  const decoder = new TelnetDecoder(handler);
  assert.equal(decoder.subnegotiationCapacity, 0);
  decoder.push(bytes(IAC, SB, TTYPE));
  decoder.push(new Uint8Array(5000));
  assert.ok(decoder.subnegotiationCapacity >= 5000);
  decoder.push(bytes(IAC, SE));
  assert.equal(decoder.subnegotiationCapacity, 0);
  decoder.push(bytes(IAC, SB, TTYPE, 0));
  decoder.push(bytes("ANSI", IAC, SE));
  assert.equal(decoder.subnegotiationCapacity, 64);
  assert.deepEqual(handler.events.at(-1), sub(TTYPE, 0, 0x41, 0x4e, 0x53, 0x49));
});

Deno.test("a subnegotiation whole in one chunk is delivered without a buffer", () => {
  const chunk = bytes(IAC, SB, NAWS, 0, 132, 0, 50, IAC, SE);
  const decoder = new TelnetDecoder({
    data: () => assert.fail("no data"),
    command: () => assert.fail("no command"),
    negotiate: () => assert.fail("no negotiation"),
    subnegotiation: (option, payload) => {
      assert.equal(option, NAWS);
      assert.equal(payload.buffer, chunk.buffer);
    },
  });
  decoder.push(chunk);
  assert.equal(decoder.subnegotiationCapacity, 0);
});

Deno.test("an empty chunk changes nothing", () => {
  const handler = new RecordingHandler();
  const decoder = new TelnetDecoder(handler);
  decoder.push(new Uint8Array(0));
  decoder.cookNewlines = false;
  decoder.push(new Uint8Array(0));
  assert.equal(handler.dataCalls, 0);
});

Deno.test("a negative or fractional maxSubnegotiation is a RangeError", () => {
  const handler = new RecordingHandler();
  assert.throws(() => new TelnetDecoder(handler, { maxSubnegotiation: -1 }), RangeError);
  assert.throws(() => new TelnetDecoder(handler, { maxSubnegotiation: 1.5 }), RangeError);
});

Deno.test("a zero maxSubnegotiation keeps only empty subnegotiations", () => {
  const options = { maxSubnegotiation: 0 };
  assertEverySplit(bytes(IAC, SB, 1, IAC, SE, IAC, SB, 2, 0, IAC, SE), [sub(1)], options);
});

/** 200k bytes alternating uniform noise and runs dense with IAC, SB, SE, verbs and newlines. */
function randomTelnetBytes(seed: number, length: number): Uint8Array {
  const random = seededRandom(seed);
  const pool = [IAC, IAC, IAC, IAC, SB, SE, WILL, DO, DONT, NOP, 13, 13, 10, 0, NAWS, 0x41];
  const out = new Uint8Array(length);
  let i = 0;
  while (i < length) {
    const end = Math.min(length, i + 1 + Math.floor(random() * 2000));
    const dense = random() < 0.5;
    for (; i < end; i++) {
      out[i] = dense && random() < 0.7
        ? pool[Math.floor(random() * pool.length)]!
        : Math.floor(random() * 256);
    }
  }
  return out;
}

function randomCuts(seed: number, length: number, maxChunk: number): number[] {
  const random = seededRandom(seed);
  const cuts: number[] = [];
  for (let at = 0; at < length;) {
    at += 1 + Math.floor(random() * maxChunk);
    if (at < length) cuts.push(at);
  }
  return cuts;
}

for (const cookNewlines of [true, false]) {
  Deno.test(`random bytes never throw and decode the same however split (cooking ${cookNewlines})`, () => {
    const input = randomTelnetBytes(cookNewlines ? 1143 : 854, 200_000);
    const options = { maxSubnegotiation: 512, cookNewlines };
    const whole = decodeInPieces(input, [], options);
    assert.ok(whole.events.length > 1000);
    assert.ok(whole.dropped > 0, "some subnegotiations overflow");
    for (const event of whole.events) {
      if (event.type === "subnegotiation") assert.ok(event.payload.length <= 512);
    }
    for (const [seed, maxChunk] of [[1, 1500], [2, 16], [3, 4096]] as const) {
      const cuts = randomCuts(seed, input.length, maxChunk);
      assert.deepEqual(decodeInPieces(input, cuts, options), whole, `seed ${seed}`);
    }
    const everyByte = Array.from({ length: input.length - 1 }, (_, i) => i + 1);
    assert.deepEqual(decodeInPieces(input, everyByte, options), whole, "byte by byte");
  });
}

Deno.test("random bytes never grow the subnegotiation buffer past the limit", () => {
  const input = randomTelnetBytes(1073, 200_000);
  const decoder = new TelnetDecoder(new RecordingHandler(), { maxSubnegotiation: 300 });
  let from = 0;
  for (const to of [...randomCuts(4, input.length, 700), input.length]) {
    decoder.push(input.subarray(from, to));
    assert.ok(decoder.subnegotiationCapacity <= 300);
    from = to;
  }
});
