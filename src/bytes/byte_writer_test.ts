import assert from "node:assert/strict";
import { ByteWriter } from "./byte_writer.ts";

Deno.test("bytes written past the capacity are kept in order", () => {
  const out = new ByteWriter(2);
  for (let i = 0; i < 1000; i++) out.byte(i & 0xff);
  assert.equal(out.length, 1000);
  assert.ok(out.capacity >= 1000);
  const view = out.view();
  for (let i = 0; i < 1000; i++) assert.equal(view[i], i & 0xff);
});

Deno.test("utf8, latin1 and decimal append the expected bytes", () => {
  const out = new ByteWriter(1);
  out.latin1("A\xff").utf8("é€").decimal(7).decimal(42).decimal(1234);
  assert.deepEqual(
    [...out.view()],
    [0x41, 0xff, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x37, 0x34, 0x32, 0x31, 0x32, 0x33, 0x34],
  );
});

Deno.test("clear keeps a small buffer and drops a big one", () => {
  const out = new ByteWriter(8);
  out.bytes(new Uint8Array(100));
  const grown = out.capacity;
  out.clear(1024);
  assert.equal(out.length, 0);
  assert.equal(out.capacity, grown);
  out.bytes(new Uint8Array(5000)).clear(1024);
  assert.equal(out.capacity, 8);
});

Deno.test("setByteAt patches written bytes only", () => {
  const out = new ByteWriter();
  out.latin1("abc").setByteAt(1, 0x42);
  assert.deepEqual([...out.view()], [0x61, 0x42, 0x63]);
  assert.throws(() => out.setByteAt(3, 0), RangeError);
});

Deno.test("room hands out space after the written bytes and advance counts what was filled", () => {
  const out = new ByteWriter(4);
  out.latin1("ab");
  const room = out.room(10);
  assert.ok(room.length >= 10);
  room[0] = 0x63;
  room[1] = 0x64;
  out.advance(2);
  assert.deepEqual([...out.view()], [0x61, 0x62, 0x63, 0x64]);
  assert.throws(() => out.advance(out.capacity), RangeError);
  assert.throws(() => out.advance(-1), RangeError);
});
