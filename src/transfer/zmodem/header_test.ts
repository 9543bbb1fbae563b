import assert from "node:assert/strict";
import { ByteWriter } from "../../bytes/mod.ts";
import {
  CANFC32,
  CANFDX,
  CANOVIO,
  ZACK,
  ZBIN,
  ZBIN32,
  ZDATA,
  ZFILE,
  ZHEX,
  ZRINIT,
  ZRPOS,
} from "./constants.ts";
import { flagsValue, writeBinaryHeader, writeHexHeader } from "./header.ts";
import {
  EVENT_BAD_HEADER,
  EVENT_CANCEL,
  EVENT_GARBAGE,
  EVENT_HEADER,
  EVENT_NONE,
  FrameReader,
} from "./reader.ts";
import { ZdleEncoder } from "./zdle.ts";

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Every event the reader reports for `chunks`, as [event, type, value, form]. */
function events(chunks: Uint8Array[], reader = new FrameReader()): number[][] {
  const got: number[][] = [];
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length;) {
      const event = reader.read(chunk, at);
      at = reader.consumed;
      if (event === EVENT_HEADER) got.push([event, reader.type, reader.value, reader.form]);
      else if (event !== EVENT_NONE) got.push([event]);
    }
  }
  return got;
}

Deno.test("a hex ZRINIT is byte for byte what lrzsz rz sends", () => {
  const out = new ByteWriter();
  writeHexHeader(out, ZRINIT, flagsValue(CANFDX | CANOVIO | CANFC32));
  // Captured from `rz -b`: ** ZDLE B 01 00000023 be50 CR LF|0x80 XON
  assert.deepEqual(out.view(), latin1("**\x18B0100000023be50\r\x8a\x11"));
});

Deno.test("hex ZACK and ZFIN end without XON", () => {
  const out = new ByteWriter();
  writeHexHeader(out, ZACK, 5);
  assert.equal(out.view().at(-1), 0x8a);
});

for (const [form, label] of [[ZHEX, "hex"], [ZBIN, "ZBIN (CRC-16)"], [ZBIN32, "ZBIN32 (CRC-32)"]]) {
  Deno.test(`${label} headers decode to what was encoded, split at every offset`, () => {
    const out = new ByteWriter();
    const encoder = new ZdleEncoder();
    const headers: [number, number][] = [
      [ZRPOS, 0],
      [ZDATA, 0x18131110],
      [ZFILE, flagsValue(0x18, 0x91, 0xff, 0x0d)],
      [ZRPOS, 0xffffffff],
    ];
    for (const [type, value] of headers) {
      if (form === ZHEX) writeHexHeader(out, type, value);
      else writeBinaryHeader(out, type, value, { crc32: form === ZBIN32, encoder });
    }
    const wire = out.view().slice();
    const want = headers.map(([type, value]) => [EVENT_HEADER, type, value, form]);
    for (let k = 0; k <= wire.length; k++) {
      assert.deepEqual(events([wire.subarray(0, k), wire.subarray(k)]), want);
    }
  });
}

Deno.test("flags land in P3..P0 as ZF0..ZF3", () => {
  assert.equal(flagsValue(0x23), 0x23000000);
  assert.equal(flagsValue(1, 2, 3, 4), 0x01020304);
});

Deno.test("garbage before a header is skipped; upper-case hex is accepted", () => {
  const wire = latin1("rz\r\nhello **\x18B0100000023BE50\r\x8a\x11");
  assert.deepEqual(events([wire]), [[EVENT_HEADER, ZRINIT, 0x23000000, ZHEX]]);
});

Deno.test("a hex header with a bad CRC is reported and the next one still found", () => {
  const wire = latin1("**\x18B0100000023be51\r\n**\x18B0100000023be50\r\n");
  assert.deepEqual(events([wire]), [[EVENT_BAD_HEADER], [EVENT_HEADER, ZRINIT, 0x23000000, ZHEX]]);
});

Deno.test("a header cut short by the start of the next one is bad, and the next one is read", () => {
  const wire = latin1("**\x18B0100**\x18B0100000023be50\r\n");
  assert.deepEqual(events([wire]), [[EVENT_BAD_HEADER], [EVENT_HEADER, ZRINIT, 0x23000000, ZHEX]]);
});

Deno.test("a binary header with a flipped bit fails its CRC", () => {
  for (const crc32 of [false, true]) {
    const out = new ByteWriter();
    writeBinaryHeader(out, ZRPOS, 123456, { crc32, encoder: new ZdleEncoder() });
    const wire = out.view().slice();
    wire[5]! ^= 0x04;
    assert.deepEqual(events([wire]), [[EVENT_BAD_HEADER]]);
  }
});

Deno.test("five CAN in a row cancel, even inside a header", () => {
  assert.deepEqual(events([latin1("\x18\x18\x18\x18\x18")]), [[EVENT_CANCEL]]);
  assert.deepEqual(events([latin1("**\x18B01\x18\x18\x18\x18\x18")]), [[EVENT_BAD_HEADER], [
    EVENT_CANCEL,
  ]]);
  assert.deepEqual(events([latin1("\x18\x18\x18\x18")]), []);
});

Deno.test("garbage is reported once per maxGarbage bytes", () => {
  const reader = new FrameReader({ maxGarbage: 100 });
  assert.deepEqual(events([new Uint8Array(250).fill(0x41)], reader), [[EVENT_GARBAGE], [
    EVENT_GARBAGE,
  ]]);
});

Deno.test("CR LF XON after a hex header do not leak into the subpacket after it (sz -e ZSINIT)", () => {
  // Captured from `sz -e`: a hex ZSINIT (TESCCTL), CR LF|0x80 XON, then the attention string
  // subpacket: ZDLE '@' (NUL), ZDLE ZCRCW, CRC-16 dd cd, XON.
  const wire = latin1("**\x18B0200000040 0c47\r\x8a\x11\x18@\x18k\xdd\xcd\x11".replace(" ", ""));
  const reader = new FrameReader();
  assert.equal(reader.read(wire, 0), EVENT_HEADER);
  reader.beginData();
  assert.equal(reader.read(wire, reader.consumed), 2 /* EVENT_SUBPACKET */);
  assert.deepEqual(reader.data, new Uint8Array([0]));
});
