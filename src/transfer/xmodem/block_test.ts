import assert from "node:assert/strict";
import { randomBytes } from "../zmodem/_script.ts";
import {
  BlockReader,
  checksum,
  EVENT_BAD_BLOCK,
  EVENT_BLOCK,
  EVENT_CANCEL,
  EVENT_EOT,
  EVENT_NOISE,
  EVENT_NONE,
} from "./block.ts";
import { CAN, EOT, NAK, SOH, STX, SUB } from "./constants.ts";
import { block, concat } from "./_wire.ts";

type Event = { event: number; number?: number; data?: Uint8Array; problem?: string };

/** Every event in `chunks`, read as they would arrive. */
function readAll(reader: BlockReader, ...chunks: Uint8Array[]): Event[] {
  const events: Event[] = [];
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length;) {
      const event = reader.read(chunk, at);
      at = reader.consumed;
      if (event === EVENT_BLOCK) {
        events.push({ event, number: reader.number, data: reader.data.slice() });
      } else if (event === EVENT_NOISE || event === EVENT_BAD_BLOCK) {
        events.push({ event, problem: reader.problem });
      } else if (event !== EVENT_NONE) events.push({ event });
    }
  }
  return events;
}

Deno.test("a checksum block is SOH, number, complement, 128 bytes padded with SUB, sum", () => {
  const wire = block(1, new Uint8Array([1, 2, 3]), { crc: false });
  assert.equal(wire.length, 132);
  assert.deepEqual([...wire.subarray(0, 6)], [SOH, 1, 0xfe, 1, 2, 3]);
  assert.ok(wire.subarray(6, 131).every((b) => b === SUB));
  assert.equal(wire[131], (6 + 125 * SUB) & 0xff);
});

Deno.test("a 1k CRC block is STX, number, complement, 1024 bytes, CRC high byte first", () => {
  const wire = block(0x101, new TextEncoder().encode("123456789"), { size: 1024, pad: 0 });
  assert.equal(wire.length, 1029);
  assert.deepEqual([...wire.subarray(0, 3)], [STX, 0x01, 0xfe]);
  const reader = new BlockReader();
  assert.equal(reader.read(wire, 0), EVENT_BLOCK);
  assert.equal(reader.number, 1);
  assert.equal(reader.data.length, 1024);
});

Deno.test("blocks, EOT and CAN CAN split at every offset read the same", () => {
  const a = randomBytes(128, 1);
  const b = randomBytes(1024, 2);
  const stream = concat(block(1, a), block(2, b, { size: 1024 }), EOT, CAN, CAN);
  const whole = readAll(new BlockReader(), stream);
  assert.deepEqual(whole.map((e) => e.event), [EVENT_BLOCK, EVENT_BLOCK, EVENT_EOT, EVENT_CANCEL]);
  assert.deepEqual(whole[0]!.data, a);
  assert.deepEqual(whole[1]!.data, b);
  for (let k = 0; k <= stream.length; k++) {
    const split = readAll(new BlockReader(), stream.subarray(0, k), stream.subarray(k));
    assert.deepEqual(split, whole, `split at ${k}`);
  }
});

Deno.test("a checksum reader takes 132-byte blocks and accepts 1k checksum blocks", () => {
  const reader = new BlockReader();
  reader.crc = false;
  const events = readAll(
    reader,
    block(1, randomBytes(100), { crc: false }),
    block(2, randomBytes(1024), { crc: false, size: 1024 }),
  );
  assert.deepEqual(events.map((e) => [e.event, e.number]), [[EVENT_BLOCK, 1], [EVENT_BLOCK, 2]]);
});

Deno.test("a bad complement, a bad CRC and a bad checksum are bad blocks", () => {
  const badComplement = block(3, randomBytes(128));
  badComplement[2] = 0;
  const badCrc = block(3, randomBytes(128));
  badCrc[100]! ^= 1;
  const events = readAll(new BlockReader(), badComplement, badCrc);
  assert.deepEqual(events, [
    { event: EVENT_BAD_BLOCK, problem: "block number 0x03 with complement 0x00" },
    { event: EVENT_BAD_BLOCK, problem: "block 3: CRC mismatch" },
  ]);
  const sum = new BlockReader();
  sum.crc = false;
  const badSum = block(4, randomBytes(128), { crc: false });
  badSum[131]! ^= 0x80;
  assert.deepEqual(readAll(sum, badSum), [
    { event: EVENT_BAD_BLOCK, problem: "block 4: checksum mismatch" },
  ]);
});

Deno.test("stray bytes are one noise event up to the next possible start", () => {
  const events = readAll(new BlockReader(), concat(0x41, 0x42, 0x43, EOT));
  assert.deepEqual(events, [
    { event: EVENT_NOISE, problem: "3 stray bytes (first 0x41)" },
    { event: EVENT_EOT },
  ]);
});

Deno.test("one CAN is not a cancel; CAN CAN across chunks is", () => {
  const reader = new BlockReader();
  assert.deepEqual(readAll(reader, concat(CAN, NAK)).map((e) => e.event), [EVENT_NOISE]);
  assert.deepEqual(readAll(reader, concat(CAN), concat(CAN)), [{ event: EVENT_CANCEL }]);
});

Deno.test("checksum is the byte sum mod 256", () => {
  assert.equal(checksum(new Uint8Array([0xff, 0xff, 3])), 1);
});

Deno.test("random bytes never throw and never make the reader hold more than one block", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const reader = new BlockReader();
    reader.crc = seed % 2 === 0;
    const input = randomBytes(4096, seed);
    // Bias toward block starts so partial blocks happen often.
    for (let i = 0; i < input.length; i += 97) input[i] = i % 3 === 0 ? SOH : STX;
    for (let at = 0; at < input.length;) {
      reader.read(input, at);
      assert.ok(reader.consumed > at || reader.consumed === input.length);
      at = reader.consumed;
    }
  }
});
