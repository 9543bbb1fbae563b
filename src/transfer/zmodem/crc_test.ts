import assert from "node:assert/strict";
import { crc16, crc16Byte, crc32, crc32Byte, crc32Table, loadNativeCrc32 } from "./crc.ts";

const check = new TextEncoder().encode("123456789");

Deno.test("CRC-16/XMODEM of the check string is 0x31C3", () => {
  assert.equal(crc16(check), 0x31c3);
  assert.equal(crc16(new Uint8Array(0)), 0);
});

Deno.test("CRC-16 continues across calls and byte by byte", () => {
  let c = 0;
  for (const b of check) c = crc16Byte(c, b);
  assert.equal(c, 0x31c3);
  assert.equal(crc16(check.subarray(4), crc16(check.subarray(0, 4))), 0x31c3);
});

Deno.test("CRC-16 of data followed by its own CRC is zero (the receiver's check)", () => {
  const crc = crc16(check);
  assert.equal(crc16(new Uint8Array([crc >> 8, crc & 0xff]), crc), 0);
});

Deno.test("CRC-32 of the check string is 0xCBF43926, as ZMODEM's 32-bit FCS", () => {
  assert.equal(crc32(check), 0xcbf43926);
  assert.equal(crc32Table(check), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

Deno.test("CRC-32 table, zlib and byte-at-a-time agree on random data of every length", async () => {
  const data = crypto.getRandomValues(new Uint8Array(300));
  const before = crc32(data);
  await loadNativeCrc32();
  assert.equal(crc32(data), before, "the native CRC-32 gives the table's result");
  checkAgreement(data);
});

function checkAgreement(data: Uint8Array): void {
  for (let n = 0; n <= data.length; n++) {
    const part = data.subarray(0, n);
    assert.equal(crc32Table(part), crc32(part));
    let c = 0;
    for (const b of part) c = crc32Byte(c, b);
    assert.equal(c, crc32(part));
  }
  assert.equal(crc32Table(data.subarray(100), crc32(data.subarray(0, 100))), crc32(data));
}
