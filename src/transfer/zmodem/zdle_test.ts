import assert from "node:assert/strict";
import { ByteWriter } from "../../bytes/mod.ts";
import { ZCRCE, ZCRCG, ZCRCQ, ZDATA } from "./constants.ts";
import { writeBinaryHeader } from "./header.ts";
import { EVENT_HEADER, EVENT_SUBPACKET, FrameReader } from "./reader.ts";
import { writeSubpacket } from "./subpacket.ts";
import { ZdleEncoder, type ZdleOptions } from "./zdle.ts";

function escaped(bytes: number[], options: ZdleOptions = {}): number[] {
  const out = new ByteWriter();
  new ZdleEncoder(options).escape(new Uint8Array(bytes), out);
  return [...out.view()];
}

Deno.test("ZDLE, DLE, XON, XOFF and their high-bit forms are escaped; others pass", () => {
  assert.deepEqual(escaped([0x18]), [0x18, 0x58]);
  for (const b of [0x10, 0x11, 0x13, 0x90, 0x91, 0x93]) {
    assert.deepEqual(escaped([b]), [0x18, b ^ 0x40]);
  }
  assert.deepEqual(escaped([0x00, 0x41, 0x7f, 0xff, 0x0d, 0x8d, 0x1b]), [
    0x00,
    0x41,
    0x7f,
    0xff,
    0x0d,
    0x8d,
    0x1b,
  ]);
});

Deno.test("CR is escaped only after '@' (either parity), across calls too", () => {
  assert.deepEqual(escaped([0x40, 0x0d, 0xc0, 0x8d, 0x41, 0x0d]), [
    0x40,
    0x18,
    0x4d,
    0xc0,
    0x18,
    0xcd,
    0x41,
    0x0d,
  ]);
  const encoder = new ZdleEncoder();
  const out = new ByteWriter();
  encoder.escape(new Uint8Array([0x40]), out);
  encoder.escape(new Uint8Array([0x0d]), out);
  assert.deepEqual([...out.view()], [0x40, 0x18, 0x4d]);
});

Deno.test("escapeControl escapes every control byte of either parity", () => {
  assert.deepEqual(escaped([0x00, 0x1b, 0x0d, 0x9f, 0x20], { escapeControl: true }), [
    0x18,
    0x40,
    0x18,
    0x5b,
    0x18,
    0x4d,
    0x18,
    0xdf,
    0x20,
  ]);
});

Deno.test("escapeIac sends 0xFF as ZDLE ZRUB1, leaving no IAC on the wire", () => {
  const out = escaped([0xff, 0x41, 0xff], { escapeIac: true });
  assert.deepEqual(out, [0x18, 0x6d, 0x41, 0x18, 0x6d]);
  assert.ok(!out.includes(0xff));
});

/** A ZDATA frame of several subpackets of `data`, and the subpackets' contents. */
function frame(data: Uint8Array, crc32: boolean, options: ZdleOptions) {
  const out = new ByteWriter();
  const encoder = new ZdleEncoder(options);
  writeBinaryHeader(out, ZDATA, 0, { crc32, encoder });
  const parts: Uint8Array[] = [];
  const ends = [ZCRCG, ZCRCQ, ZCRCG, ZCRCE];
  let at = 0;
  for (let i = 0; i < ends.length; i++) {
    const next = i === ends.length - 1
      ? data.length
      : Math.min(data.length, at + 1 + (data[at] ?? 0) * 3);
    parts.push(data.subarray(at, next));
    writeSubpacket(out, data.subarray(at, next), ends[i]!, { crc32, encoder });
    at = next;
  }
  return { wire: out.view().slice(), parts };
}

function decode(chunks: Uint8Array[], escapeControl = false): Uint8Array[] {
  const reader = new FrameReader({ escapeControl });
  const got: Uint8Array[] = [];
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length;) {
      const event = reader.read(chunk, at);
      at = reader.consumed;
      if (event === EVENT_HEADER) reader.beginData();
      else if (event === EVENT_SUBPACKET) got.push(reader.data.slice());
      else assert.equal(event, 0, `unexpected event ${event}: ${reader.problem}`);
    }
  }
  return got;
}

for (const crc32 of [false, true]) {
  for (const options of [{}, { escapeControl: true }, { escapeIac: true }] as ZdleOptions[]) {
    const label = `${crc32 ? "CRC-32" : "CRC-16"} ${JSON.stringify(options)}`;
    Deno.test(`escape/unescape round-trips random data split at every offset (${label})`, () => {
      const data = crypto.getRandomValues(new Uint8Array(1500));
      const { wire, parts } = frame(data, crc32, options);
      const control = options.escapeControl ?? false;
      assert.deepEqual(decode([wire], control), parts);
      for (let k = 0; k <= wire.length; k++) {
        assert.deepEqual(decode([wire.subarray(0, k), wire.subarray(k)], control), parts);
      }
    });
  }
}

Deno.test("escape/unescape round-trips bytes fed one at a time", () => {
  const data = new Uint8Array(512).map((_, i) => i);
  const { wire, parts } = frame(data, true, {});
  assert.deepEqual(decode([...wire].map((b) => new Uint8Array([b]))), parts);
});

Deno.test("raw XON/XOFF inside data are dropped as flow control", () => {
  const { wire, parts } = frame(new TextEncoder().encode("hello world, ZMODEM"), true, {});
  const header = wire.indexOf(0x43) + 10; // past "* ZDLE C" and the header
  const noisy = new Uint8Array([...wire.subarray(0, header), 0x11, 0x93, ...wire.subarray(header)]);
  assert.deepEqual(decode([noisy]), parts);
});
